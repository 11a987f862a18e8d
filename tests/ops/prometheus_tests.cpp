// render_prometheus: the output is parsed back line by line, as a scraper would.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "app/figures.hpp"
#include "ops/prometheus.hpp"

using json = nlohmann::json;

namespace {

// The service's own catalog (no sources: only the figures' names are used).
const interview::ops::FigureCatalog& service_catalog() {
  static const interview::ops::FigureCatalog catalog = [] {
    interview::ops::FigureRegistry figures;
    interview::register_all_figures(figures, {});
    return figures.catalog();
  }();
  return catalog;
}

std::string render_prometheus(const json& stats) { return interview::ops::render_prometheus(service_catalog(), stats); }

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value;
};

struct Exposition {
  std::map<std::string, std::string> types;  // family -> type
  std::map<std::string, std::string> helps;
  std::vector<Sample> samples;
  std::vector<std::string> family_order;      // order of # TYPE lines

  // First sample with this name whose labels include `want`.
  const Sample* find(const std::string& name, const std::map<std::string, std::string>& want = {}) const {
    for (const auto& s : samples) {
      if (s.name != name) continue;
      bool match = true;
      for (const auto& [k, v] : want) {
        auto it = s.labels.find(k);
        if (it == s.labels.end() || it->second != v) match = false;
      }
      if (match) return &s;
    }
    return nullptr;
  }
  double value(const std::string& name, const std::map<std::string, std::string>& want = {}) const {
    const Sample* s = find(name, want);
    REQUIRE_MESSAGE(s, "no sample " << name);
    return s->value;
  }
};

// A strict parser for the subset of format 0.0.4 the renderer may produce;
// any line it does not understand fails the test.
Exposition parse(const std::string& text) {
  Exposition e;
  REQUIRE_MESSAGE((text.empty() || text.back() == '\n'), "output must end with a newline");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    INFO("line: " << line);
    REQUIRE(!line.empty());
    if (line.rfind("# HELP ", 0) == 0) {
      auto rest = line.substr(7);
      auto sp = rest.find(' ');
      REQUIRE(sp != std::string::npos);
      e.helps[rest.substr(0, sp)] = rest.substr(sp + 1);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream t(line.substr(7));
      std::string name, type;
      t >> name >> type;
      CHECK((type == "counter" || type == "gauge" || type == "histogram"));
      CHECK_MESSAGE(e.types.count(name) == 0, "family declared twice: " << name);
      CHECK_MESSAGE(e.helps.count(name) == 1, "HELP must precede TYPE: " << name);
      e.types[name] = type;
      e.family_order.push_back(name);
      continue;
    }
    REQUIRE(line[0] != '#');
    Sample s;
    std::size_t i = 0;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == ':')) ++i;
    s.name = line.substr(0, i);
    REQUIRE(!s.name.empty());
    if (line[i] == '{') {
      ++i;
      while (line[i] != '}') {
        std::size_t eq = line.find('=', i);
        REQUIRE(eq != std::string::npos);
        std::string key = line.substr(i, eq - i);
        REQUIRE(line[eq + 1] == '"');
        std::string value;
        std::size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\') {
            ++j;
            REQUIRE(j < line.size());
            REQUIRE((line[j] == '\\' || line[j] == '"' || line[j] == 'n'));
            value += line[j] == 'n' ? '\n' : line[j];
          } else {
            value += line[j];
          }
        }
        REQUIRE(j < line.size());
        s.labels[key] = value;
        i = j + 1;
        if (line[i] == ',') ++i;
      }
      ++i;
    }
    REQUIRE(line[i] == ' ');
    std::string v = line.substr(i + 1);
    if (v == "+Inf") s.value = INFINITY;
    else if (v == "-Inf") s.value = -INFINITY;
    else if (v == "NaN") s.value = NAN;
    else {
      std::size_t used = 0;
      s.value = std::stod(v, &used);
      REQUIRE_MESSAGE(used == v.size(), "trailing text after the value");
    }
    // Every sample belongs to the family declared just before it.
    REQUIRE(!e.family_order.empty());
    const std::string& family = e.family_order.back();
    bool belongs = s.name == family || (e.types[family] == "histogram" &&
                                        (s.name == family + "_bucket" || s.name == family + "_sum" ||
                                         s.name == family + "_count"));
    CHECK_MESSAGE(belongs, s.name << " is not part of " << family);
    CHECK(s.name.rfind("interview_", 0) == 0);
    e.samples.push_back(s);
  }
  return e;
}

json contract_stats() {
  return json::parse(R"({
  "service": {"version": "0.1.0", "uptime_seconds": 12.5, "rss_bytes": 12345678, "store": "sqlite", "llm_provider": "offline", "llm_model": "rule-based-v1"},
  "coordinator": {"slots_total": 3, "slots_in_use": 2, "queue_length": 5,
                   "decisions": {"join": 10, "leave": 2, "expire": 1, "fill": 4},
                   "transaction_retries": 0, "errors": 0, "last_error": null},
  "janitor": {"ticks": 4, "last_tick": "2026-11-25T01:00:00.000000Z", "sessions_expired": 1, "closings_run": 1},
  "interviews": {"live_actors": 2, "passivated": 5, "requests": 40},
  "llm_pool": {"size": 8, "busy": 1, "calls": 30, "failures": 1, "retries": 2,
               "latency_ms": {"p50": 800.0, "p95": 1500.0, "p99": 2100.0}},
  "status_reads": {"from_snapshot": 900, "from_store": 30, "snapshot_rebuilds": 7},
  "store": {"name": "sqlite", "gets": 100, "queries": 10, "counts": 40, "commits": 20, "writes": 60, "transactions": 20, "retries": 0, "errors": 0},
  "connections": {"open": 120, "workers": 128, "busy_workers": 3, "accepted": 500, "rejected_busy": 4,
                  "rejected_over_cap": 2, "header_timeouts": 9, "idle_closed": 30, "header_too_large": 1},
  "http": {"in_flight": 1,
           "requests": {"GET /status/{user_id}": {"2xx": 100, "4xx": 2, "5xx": 0}, "POST /users/": {"2xx": 5, "4xx": 1, "5xx": 0}}},
  "histograms": {
    "http_request_seconds": {"buckets": [[0.005, 10], [0.01, 20], [0.05, 30], [0.1, 31], [0.5, 31], [1, 31], [5, 32], ["+Inf", 32]], "sum": 0.9, "count": 32},
    "llm_call_seconds": {"buckets": [[0.1, 0], [0.5, 3], [1, 10], [2.5, 28], [5, 30], [10, 30], ["+Inf", 30]], "sum": 40.2, "count": 30}
  }
})");
}

// Checks the histogram rules of the format and returns the buckets (le -> count).
std::vector<std::pair<double, double>> check_histogram(const Exposition& e, const std::string& family) {
  REQUIRE(e.types.at(family) == "histogram");
  std::vector<std::pair<double, double>> buckets;
  for (const auto& s : e.samples)
    if (s.name == family + "_bucket") {
      const std::string& le = s.labels.at("le");
      buckets.emplace_back(le == "+Inf" ? INFINITY : std::stod(le), s.value);
    }
  REQUIRE(buckets.size() >= 1);
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    CHECK_MESSAGE(buckets[i].first > buckets[i - 1].first, "bucket bounds must increase");
    CHECK_MESSAGE(buckets[i].second >= buckets[i - 1].second, "cumulative counts must not decrease");
  }
  CHECK(std::isinf(buckets.back().first));
  CHECK(buckets.back().second == e.value(family + "_count"));
  return buckets;
}

}  // namespace

TEST_CASE("the contract's stats render as counters, gauges and labelled samples with the right values") {
  auto e = parse(render_prometheus(contract_stats()));
  CHECK(e.types.at("interview_slots_total") == "gauge");
  CHECK(e.value("interview_slots_total") == 3);
  CHECK(e.value("interview_slots_in_use") == 2);
  CHECK(e.value("interview_queue_length") == 5);
  CHECK(e.types.at("interview_coordinator_decisions_total") == "counter");
  CHECK(e.value("interview_coordinator_decisions_total", {{"decision", "join"}}) == 10);
  CHECK(e.value("interview_coordinator_decisions_total", {{"decision", "fill"}}) == 4);
  CHECK(e.value("interview_coordinator_transaction_retries_total") == 0);
  CHECK(e.value("interview_janitor_ticks_total") == 4);
  CHECK(e.value("interview_janitor_last_tick_timestamp_seconds") == 1795568400.0);  // 2026-11-25T01:00:00Z
  CHECK(e.value("interview_janitor_closings_total") == 1);
  CHECK(e.value("interview_interviews_live_actors") == 2);
  CHECK(e.value("interview_llm_pool_size") == 8);
  CHECK(e.value("interview_llm_failures_total") == 1);
  CHECK(e.value("interview_llm_latency_quantile_seconds", {{"quantile", "0.95"}}) == doctest::Approx(1.5));
  CHECK(e.value("interview_status_reads_total", {{"source", "snapshot"}}) == 900);
  CHECK(e.value("interview_status_reads_total", {{"source", "store"}}) == 30);
  CHECK(e.value("interview_status_snapshot_rebuilds_total") == 7);
  CHECK(e.value("interview_store_operations_total", {{"kind", "get"}}) == 100);
  CHECK(e.value("interview_store_operations_total", {{"kind", "transaction"}}) == 20);
  CHECK(e.value("interview_http_in_flight_requests") == 1);
  CHECK(e.value("interview_http_open_connections") == 120);
  CHECK(e.value("interview_http_busy_workers") == 3);
  CHECK(e.value("interview_http_refused_total", {{"reason", "busy"}}) == 4);
  CHECK(e.value("interview_http_refused_total", {{"reason", "over_cap"}}) == 2);
  CHECK(e.value("interview_http_connections_closed_total", {{"reason", "header_timeout"}}) == 9);
  CHECK(e.value("interview_http_requests_total", {{"route", "GET /status/{user_id}"}, {"class", "2xx"}}) == 100);
  CHECK(e.value("interview_http_requests_total", {{"route", "POST /users/"}, {"class", "4xx"}}) == 1);
  CHECK(e.value("interview_process_resident_memory_bytes") == 12345678);
  CHECK(e.value("interview_process_uptime_seconds") == 12.5);
  CHECK(e.value("interview_build_info", {{"version", "0.1.0"}, {"store", "sqlite"}}) == 1);
  for (const auto& [name, type] : e.types)
    if (type == "counter") CHECK_MESSAGE((name.size() > 6 && name.substr(name.size() - 6) == "_total"), name);
}

TEST_CASE("histograms are cumulative, end with +Inf equal to _count, and keep _sum") {
  auto e = parse(render_prometheus(contract_stats()));
  auto http = check_histogram(e, "interview_http_request_seconds");
  REQUIRE(http.size() == 8);
  CHECK(http[0].first == 0.005);
  CHECK(http[0].second == 10);
  CHECK(http[6].second == 32);
  CHECK(e.value("interview_http_request_seconds_sum") == doctest::Approx(0.9));
  CHECK(e.value("interview_http_request_seconds_count") == 32);
  auto llm = check_histogram(e, "interview_llm_call_seconds");
  CHECK(llm.size() == 7);
  CHECK(e.value("interview_llm_call_seconds_bucket", {{"le", "2.5"}}) == 28);
  CHECK(e.value("interview_llm_call_seconds_sum") == doctest::Approx(40.2));
}

TEST_CASE("a histogram without +Inf or with unsorted, non-cumulative buckets still renders a valid one") {
  json stats = {{"histograms",
                 {{"odd", {{"buckets", json::array({json::array({1, 5}), json::array({0.5, 7}), json::array({"x", 1})})},
                           {"sum", 3.0},
                           {"count", 9}}}}}};
  auto e = parse(render_prometheus(stats));
  auto b = check_histogram(e, "interview_odd");
  REQUIRE(b.size() == 3);
  CHECK(b[0] == std::pair<double, double>{0.5, 7});
  CHECK(b[1] == std::pair<double, double>{1, 7});
  CHECK(b[2].second == 9);
}

TEST_CASE("label values with quotes, backslashes and newlines are escaped") {
  json stats = {{"http", {{"requests", {{"GET /a\"b\\c\nd", {{"2xx", 3}}}}}}}};
  std::string text = render_prometheus(stats);
  CHECK(text.find(R"(route="GET /a\"b\\c\nd")") != std::string::npos);
  auto e = parse(text);
  CHECK(e.value("interview_http_requests_total", {{"route", "GET /a\"b\\c\nd"}, {"class", "2xx"}}) == 3);
}

TEST_CASE("missing or mistyped sections are skipped without throwing") {
  CHECK(render_prometheus(json::object()).empty());
  CHECK(render_prometheus(json()).empty());
  CHECK(render_prometheus(json::array({1, 2})).empty());
  json stats = {{"coordinator", "nope"},
                {"janitor", {{"ticks", "four"}, {"last_tick", nullptr}}},
                {"llm_pool", {{"latency_ms", 5}}},
                {"histograms", {{"h", {{"buckets", 3}}}}},
                {"http", {{"requests", {{"GET /", 7}}}}},
                {"store", {{"gets", 1}}}};
  std::string text;
  REQUIRE_NOTHROW(text = render_prometheus(stats));
  auto e = parse(text);
  CHECK(e.samples.size() == 1);
  CHECK(e.value("interview_store_operations_total", {{"kind", "get"}}) == 1);
  CHECK(e.types.count("interview_janitor_ticks_total") == 0);
}

TEST_CASE("large and fractional values keep their precision") {
  json stats = {{"service", {{"rss_bytes", 123456789012LL}, {"uptime_seconds", 0.1}}}};
  auto text = render_prometheus(stats);
  CHECK(text.find("interview_process_resident_memory_bytes 123456789012\n") != std::string::npos);
  CHECK(text.find("interview_process_uptime_seconds 0.1\n") != std::string::npos);
}
