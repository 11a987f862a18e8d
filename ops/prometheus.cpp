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

std::string escape_label(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
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
      out += "# HELP " + full + " " + escape_help(f.help) + "\n";
      out += "# TYPE " + full + " " + f.type + "\n";
      for (const auto& s : f.samples) {
        out += full + s.suffix;
        if (!s.labels.empty()) {
          out += '{';
          for (std::size_t i = 0; i < s.labels.size(); ++i) {
            if (i) out += ',';
            out += s.labels[i].first + "=\"" + escape_label(s.labels[i].second) + '"';
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

void render_service(Renderer& r, const json* s) {
  if (!s || !s->is_object()) return;
  Labels info;
  for (const char* key : {"version", "store", "llm_provider", "llm_model"})
    if (const json* v = field(s, key); v && v->is_string()) info.emplace_back(key, v->get<std::string>());
  if (!info.empty()) r.scalar("build_info", "gauge", "Build and configuration of this instance.", 1.0, info);
  r.scalar("process_uptime_seconds", "gauge", "Seconds since the process started.", number(s, "uptime_seconds"));
  r.scalar("process_resident_memory_bytes", "gauge", "Resident set size of the process.", number(s, "rss_bytes"));
}

void render_coordinator(Renderer& r, const json* c) {
  if (!c || !c->is_object()) return;
  r.scalar("slots_total", "gauge", "Concurrent interview slots.", number(c, "slots_total"));
  r.scalar("slots_in_use", "gauge", "Interview slots currently taken.", number(c, "slots_in_use"));
  r.scalar("queue_length", "gauge", "Candidates waiting for a slot.", number(c, "queue_length"));
  std::vector<Sample> decisions;
  if (const json* d = field(c, "decisions"); d && d->is_object())
    for (const auto& [kind, v] : d->items())
      if (auto n = number(&v)) decisions.push_back({"", {{"decision", kind}}, *n});
  r.add("coordinator_decisions_total", "counter", "Slot decisions taken by the coordinator.", std::move(decisions));
  r.scalar("coordinator_transaction_retries_total", "counter", "Store transactions retried on contention.",
           number(c, "transaction_retries"));
  r.scalar("coordinator_errors_total", "counter", "Coordinator decisions that failed.", number(c, "errors"));
}

void render_janitor(Renderer& r, const json* j) {
  if (!j || !j->is_object()) return;
  r.scalar("janitor_ticks_total", "counter", "Janitor ticks run.", number(j, "ticks"));
  std::optional<double> last;
  if (const json* t = field(j, "last_tick"); t && t->is_string()) last = parse_utc_timestamp(t->get<std::string>());
  r.scalar("janitor_last_tick_timestamp_seconds", "gauge", "Unix time of the last janitor tick.", last);
  r.scalar("janitor_sessions_expired_total", "counter", "Sessions the janitor expired.", number(j, "sessions_expired"));
  r.scalar("janitor_closings_total", "counter", "Closing steps (SWOT) the janitor ran.", number(j, "closings_run"));
}

void render_interviews(Renderer& r, const json* i) {
  if (!i || !i->is_object()) return;
  r.scalar("interviews_live_actors", "gauge", "Live interview actors.", number(i, "live_actors"));
  r.scalar("interviews_passivated_total", "counter", "Interview actors passivated when idle.", number(i, "passivated"));
  r.scalar("interviews_requests_total", "counter", "Start/respond requests handled by interview actors.",
           number(i, "requests"));
}

void render_llm(Renderer& r, const json* l) {
  if (!l || !l->is_object()) return;
  r.scalar("llm_pool_size", "gauge", "LLM worker actors.", number(l, "size"));
  r.scalar("llm_pool_busy", "gauge", "LLM workers currently in a call.", number(l, "busy"));
  r.scalar("llm_calls_total", "counter", "LLM calls made.", number(l, "calls"));
  r.scalar("llm_failures_total", "counter", "LLM calls that failed.", number(l, "failures"));
  r.scalar("llm_retries_total", "counter", "LLM calls retried.", number(l, "retries"));
  std::vector<Sample> quantiles;
  const json* lat = field(l, "latency_ms");
  for (auto [key, q] : {std::pair{"p50", "0.5"}, std::pair{"p95", "0.95"}, std::pair{"p99", "0.99"}})
    if (auto ms = number(lat, key)) quantiles.push_back({"", {{"quantile", q}}, *ms / 1000.0});
  r.add("llm_latency_quantile_seconds", "gauge", "Recent LLM call latency quantiles.", std::move(quantiles));
}

void render_store(Renderer& r, const json* s) {
  if (!s || !s->is_object()) return;
  std::vector<Sample> ops;
  for (auto [key, kind] : {std::pair{"gets", "get"}, std::pair{"queries", "query"}, std::pair{"counts", "count"},
                           std::pair{"commits", "commit"}, std::pair{"writes", "write"},
                           std::pair{"transactions", "transaction"}})
    if (auto n = number(s, key)) ops.push_back({"", {{"kind", kind}}, *n});
  r.add("store_operations_total", "counter", "Document store operations by kind.", std::move(ops));
  r.scalar("store_retries_total", "counter", "Store operations retried.", number(s, "retries"));
  r.scalar("store_errors_total", "counter", "Store operations that failed.", number(s, "errors"));
}

void render_status_reads(Renderer& r, const json* s) {
  if (!s || !s->is_object()) return;
  std::vector<Sample> answers;
  for (auto [key, source] : {std::pair{"from_snapshot", "snapshot"}, std::pair{"from_store", "store"}})
    if (auto n = number(s, key)) answers.push_back({"", {{"source", source}}, *n});
  r.add("status_reads_total", "counter", "GET /status answers by where they were read.", std::move(answers));
  r.scalar("status_snapshot_rebuilds_total", "counter", "Snapshots of the waiting line rebuilt after a commit.",
           number(s, "snapshot_rebuilds"));
}

void render_connections(Renderer& r, const json* c) {
  if (!c || !c->is_object()) return;
  r.scalar("http_open_connections", "gauge", "Client connections open.", number(c, "open"));
  r.scalar("http_workers", "gauge", "Threads that process requests.", number(c, "workers"));
  r.scalar("http_busy_workers", "gauge", "Threads processing a request now.", number(c, "busy_workers"));
  r.scalar("http_connections_accepted_total", "counter", "Client connections accepted.", number(c, "accepted"));
  std::vector<Sample> refused;
  for (auto [key, reason] : {std::pair{"rejected_busy", "busy"}, std::pair{"rejected_over_cap", "over_cap"},
                             std::pair{"header_too_large", "header_too_large"}})
    if (auto n = number(c, key)) refused.push_back({"", {{"reason", reason}}, *n});
  r.add("http_refused_total", "counter", "Requests or connections the server refused by itself.", std::move(refused));
  std::vector<Sample> closed;
  for (auto [key, reason] : {std::pair{"header_timeouts", "header_timeout"}, std::pair{"idle_closed", "idle"}})
    if (auto n = number(c, key)) closed.push_back({"", {{"reason", reason}}, *n});
  r.add("http_connections_closed_total", "counter", "Connections the server closed on a deadline.", std::move(closed));
}

void render_http(Renderer& r, const json* h) {
  if (!h || !h->is_object()) return;
  r.scalar("http_in_flight_requests", "gauge", "HTTP requests being served.", number(h, "in_flight"));
  std::vector<Sample> requests;
  if (const json* by_route = field(h, "requests"); by_route && by_route->is_object())
    for (const auto& [route, classes] : by_route->items())
      if (classes.is_object())
        for (const auto& [cls, v] : classes.items())
          if (auto n = number(&v)) requests.push_back({"", {{"route", route}, {"class", cls}}, *n});
  r.add("http_requests_total", "counter", "HTTP requests by route and status class.", std::move(requests));
}

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

void render_histograms(Renderer& r, const json* hs) {
  if (!hs || !hs->is_object()) return;
  for (const auto& [name, h] : hs->items())
    r.add(sanitize_name(name), "histogram", "Histogram " + name + " from the service statistics.",
          histogram_samples(h));
}

}  // namespace

std::string render_prometheus(const nlohmann::json& stats) {
  Renderer r;
  render_service(r, field(&stats, "service"));
  render_coordinator(r, field(&stats, "coordinator"));
  render_janitor(r, field(&stats, "janitor"));
  render_interviews(r, field(&stats, "interviews"));
  render_llm(r, field(&stats, "llm_pool"));
  render_status_reads(r, field(&stats, "status_reads"));
  render_store(r, field(&stats, "store"));
  render_http(r, field(&stats, "http"));
  render_connections(r, field(&stats, "connections"));
  render_histograms(r, field(&stats, "histograms"));
  return r.str();
}

}  // namespace interview::ops
