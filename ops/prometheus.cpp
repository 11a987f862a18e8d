#include "ops/prometheus.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <utility>
#include <vector>

namespace interview::ops {
namespace {

using json = nlohmann::json;
using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  std::string suffix;  // "", "_bucket", "_sum", "_count"
  Labels labels;
  double value;
};

struct Family {
  std::string name;  // without the interview_ prefix
  std::string type;  // counter | gauge | histogram
  std::string help;
  std::vector<Sample> samples;
};

// The stats JSON is produced by another component; treat every field as optional.
const json* field(const json* obj, const char* key) {
  if (!obj || !obj->is_object()) return nullptr;
  auto it = obj->find(key);
  return it == obj->end() ? nullptr : &*it;
}

std::optional<double> number(const json* v) {
  if (!v || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

std::optional<double> number(const json* obj, const char* key) { return number(field(obj, key)); }

// Shortest decimal that reads back as the same double (Prometheus parses
// Go-style floats; integers come out without a fraction).
std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// Backslash and newline are escaped in HELP text and label values; a double
// quote only in label values (the format's two rules).
std::string escape(const std::string& s, bool quote) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out += c;
  }
  return out;
}

// Histogram names come from JSON keys: keep only what a metric name allows.
std::string sanitize_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  return out;
}

// "2026-11-25T01:00:00.000000Z" -> seconds since the epoch (UTC only).
std::optional<double> parse_utc_timestamp(const std::string& s) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6)
    return std::nullopt;
  double fraction = 0;
  std::size_t pos = static_cast<std::size_t>(consumed);
  if (pos < s.size() && s[pos] == '.') {
    std::size_t end = s.find_first_not_of("0123456789", pos + 1);
    if (end == std::string::npos) return std::nullopt;
    fraction = std::strtod(s.substr(pos, end - pos).c_str(), nullptr);
    pos = end;
  }
  if (s.substr(pos) != "Z") return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + fraction;
}

class Renderer {
 public:
  void add(std::string name, std::string type, std::string help, std::vector<Sample> samples) {
    if (samples.empty()) return;
    families_.push_back({std::move(name), std::move(type), std::move(help), std::move(samples)});
  }

  void scalar(const std::string& name, const std::string& type, const std::string& help,
              std::optional<double> value, Labels labels = {}) {
    if (value) add(name, type, help, {{"", std::move(labels), *value}});
  }

  std::string str() const {
    std::string out;
    for (const auto& f : families_) {
      std::string full = "interview_" + f.name;
      out += "# HELP " + full + " " + escape(f.help, false) + "\n";
      out += "# TYPE " + full + " " + f.type + "\n";
      for (const auto& s : f.samples) {
        out += full + s.suffix;
        if (!s.labels.empty()) {
          out += '{';
          for (std::size_t i = 0; i < s.labels.size(); ++i) {
            if (i) out += ',';
            out += s.labels[i].first + "=\"" + escape(s.labels[i].second, true) + '"';
          }
          out += '}';
        }
        out += ' ' + format_value(s.value) + '\n';
      }
    }
    return out;
  }

 private:
  std::vector<Family> families_;
};

// Buckets are [upper_bound, cumulative_count]; "+Inf" may be a string. The
// output is sorted, cumulative and ends with +Inf == _count, even if the
// input is not, so a scraper never rejects the page.
std::vector<Sample> histogram_samples(const json& h) {
  const json* buckets = field(&h, "buckets");
  if (!buckets || !buckets->is_array()) return {};
  std::vector<std::pair<double, double>> parsed;
  for (const auto& b : *buckets) {
    if (!b.is_array() || b.size() != 2 || !b[1].is_number()) continue;
    double le;
    if (b[0].is_number()) le = b[0].get<double>();
    else if (b[0].is_string() && (b[0] == "+Inf" || b[0] == "Inf" || b[0] == "inf")) le = INFINITY;
    else continue;
    if (std::isnan(le)) continue;
    parsed.emplace_back(le, b[1].get<double>());
  }
  std::sort(parsed.begin(), parsed.end());
  std::vector<Sample> out;
  double running = 0;
  for (const auto& [le, count] : parsed) {
    if (std::isinf(le)) continue;
    running = std::max(running, count);
    out.push_back({"_bucket", {{"le", format_value(le)}}, running});
  }
  double total = std::max(running, number(&h, "count").value_or(0));
  for (const auto& [le, count] : parsed)
    if (std::isinf(le)) total = std::max(total, count);
  out.push_back({"_bucket", {{"le", "+Inf"}}, total});
  out.push_back({"_sum", {}, number(&h, "sum").value_or(0)});
  out.push_back({"_count", {}, total});
  return out;
}

// A figure's value at its dotted path in the stats document, if there.
const json* at_path(const json& stats, const std::string& path) {
  const json* v = &stats;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    v = field(v, path.substr(start, dot - start).c_str());
    if (!v || dot == std::string::npos) return v;
    start = dot + 1;
  }
}

// Numbers of an object nested label_keys deep, one sample per leaf.
void labelled_samples(const json* v, const std::vector<std::string>& keys, std::size_t depth, Labels labels,
                      double scale, std::vector<Sample>& out) {
  if (depth == keys.size()) {
    if (auto n = number(v)) out.push_back({"", std::move(labels), *n * scale});
    return;
  }
  if (!v || !v->is_object()) return;
  for (const auto& [key, child] : v->items()) {
    Labels next = labels;
    next.emplace_back(keys[depth], key);
    labelled_samples(&child, keys, depth + 1, std::move(next), scale, out);
  }
}

std::string last_key(const std::string& path) {
  auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

}  // namespace

std::string render_prometheus(const FigureCatalog& catalog, const nlohmann::json& stats) {
  // Families in the order their first figure was registered.
  std::vector<Family> families;
  auto family = [&](const FigureSpec& f, const char* type) -> Family& {
    for (auto& fam : families)
      if (fam.name == f.metric) return fam;
    families.push_back({f.metric, type, f.family_help.empty() ? f.help : f.family_help, {}});
    return families.back();
  };
  std::vector<std::string> registered_histograms;
  for (const auto& f : catalog.figures) {
    if (f.kind == FigureKind::histogram) registered_histograms.push_back(f.path);
    if (f.metric.empty()) continue;
    const json* v = at_path(stats, f.path);
    switch (f.kind) {
      case FigureKind::text: {
        // Text figures sharing a metric are the labels of one info sample.
        if (!v || !v->is_string()) break;
        Family& fam = family(f, "gauge");
        if (fam.samples.empty()) fam.samples.push_back({"", {}, 1.0});
        fam.samples.front().labels.emplace_back(last_key(f.path), v->get<std::string>());
        break;
      }
      case FigureKind::timestamp: {
        std::optional<double> seconds;
        if (v && v->is_string()) seconds = parse_utc_timestamp(v->get<std::string>());
        if (seconds) family(f, "gauge").samples.push_back({"", f.labels, *seconds});
        break;
      }
      case FigureKind::histogram: {
        if (!v) break;
        auto samples = histogram_samples(*v);
        if (!samples.empty()) family(f, "histogram").samples = std::move(samples);
        break;
      }
      case FigureKind::counter:
      case FigureKind::gauge: {
        std::vector<Sample> samples;
        labelled_samples(v, f.label_keys, 0, f.labels, f.metric_scale, samples);
        if (samples.empty()) break;
        auto& fam = family(f, f.kind == FigureKind::counter ? "counter" : "gauge");
        for (auto& s : samples) fam.samples.push_back(std::move(s));
        break;
      }
    }
  }
  Renderer r;
  for (auto& fam : families) r.add(fam.name, fam.type, fam.help, std::move(fam.samples));
  // Histograms in the document that no figure names still render, under their key.
  if (const json* hs = field(&stats, "histograms"); hs && hs->is_object())
    for (const auto& [name, h] : hs->items())
      if (std::find(registered_histograms.begin(), registered_histograms.end(), "histograms." + name) ==
          registered_histograms.end())
        r.add(sanitize_name(name), "histogram", "Histogram " + name + " from the service statistics.",
              histogram_samples(h));
  return r.str();
}

}  // namespace interview::ops
