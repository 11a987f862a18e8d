// The figures registry: /stats, the /stats schema and the dashboard's catalog
// come from one list of registrations.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>

#include "app/figures.hpp"
#include "ops/figures.hpp"
#include "ops/prometheus.hpp"

using interview::ops::FigureKind;
using interview::ops::FigureRegistry;
using json = nlohmann::json;

namespace {

// Dotted paths of every leaf of a schema (objects with properties are walked).
void schema_leaves(const json& schema, const std::string& prefix, std::set<std::string>& out) {
  if (schema.contains("properties") && !schema["properties"].empty()) {
    for (const auto& [k, v] : schema["properties"].items())
      schema_leaves(v, prefix.empty() ? k : prefix + "." + k, out);
    return;
  }
  out.insert(prefix);
}

}  // namespace

TEST_CASE("collect puts every figure at its path, read now") {
  FigureRegistry figures;
  std::atomic<int> n{1};
  figures.counter("a.b.count", "a count", [&] { return n.load(); });
  figures.text("a.name", "a name", [] { return "x"; });
  figures.gauge("top", "a gauge", [] { return 2.5; }).fractional();
  CHECK(figures.collect() == json::parse(R"({"a": {"b": {"count": 1}, "name": "x"}, "top": 2.5})"));
  n = 7;
  CHECK(figures.collect()["a"]["b"]["count"] == 7);
}

TEST_CASE("a shared read runs once per collection, however many figures use it") {
  FigureRegistry figures;
  int reads = 0;
  auto shared = std::make_shared<interview::ops::SharedRead<std::pair<int, int>>>(figures, [&] {
    ++reads;
    return std::pair<int, int>{reads * 10, reads * 100};
  });
  figures.gauge("s.first", "first", [shared] { return shared->get().first; });
  figures.gauge("s.second", "second", [shared] { return shared->get().second; });
  auto one = figures.collect();
  CHECK(reads == 1);
  CHECK(one["s"]["first"] == 10);
  CHECK(one["s"]["second"] == 100);
  auto two = figures.collect();
  CHECK(reads == 2);
  CHECK(two["s"]["second"] == 200);
}

TEST_CASE("the schema names every figure with its type, and only those") {
  FigureRegistry figures;
  figures.section("sec", "what the section is");
  figures.counter("sec.count", "a count", [] { return 1; });
  figures.gauge("sec.ratio", "a ratio", [] { return 0.5; }).fractional();
  figures.text("sec.last", "last error", [] { return nullptr; }).nullable();
  figures.add("sec.when", FigureKind::timestamp, "when", [] { return nullptr; }).nullable();
  figures.counter("by.route", "by route and class", [] { return json::object(); }).label_keys({"route", "class"});
  figures.add("histograms.h", FigureKind::histogram, "latency", [] { return json::object(); });
  auto schema = interview::ops::stats_schema(figures.catalog());
  const json& sec = schema["properties"]["sec"];
  CHECK(sec["description"] == "what the section is");
  CHECK(sec["properties"]["count"]["type"] == "integer");
  CHECK(sec["properties"]["count"]["description"] == "a count");
  CHECK(sec["properties"]["ratio"]["type"] == "number");
  CHECK(sec["properties"]["last"]["type"] == "string");
  CHECK(sec["properties"]["last"]["nullable"] == true);
  CHECK(sec["properties"]["when"]["format"] == "date-time");
  const json& route = schema["properties"]["by"]["properties"]["route"];
  CHECK(route["type"] == "object");
  CHECK(route["additionalProperties"]["additionalProperties"]["type"] == "integer");
  CHECK(schema["properties"]["histograms"]["properties"]["h"]["$ref"] == "#/components/schemas/Histogram");
  std::set<std::string> leaves;
  schema_leaves(schema, "", leaves);
  CHECK(leaves == std::set<std::string>{"sec.count", "sec.ratio", "sec.last", "sec.when", "by.route", "histograms.h"});
}

TEST_CASE("the service's catalog: unique paths, counters end in _total, every figure explained") {
  FigureRegistry figures;
  interview::register_all_figures(figures, {});
  auto catalog = figures.catalog();
  REQUIRE(catalog.figures.size() > 40);
  std::set<std::string> paths;
  for (const auto& f : catalog.figures) {
    INFO(f.path);
    CHECK(paths.insert(f.path).second);
    CHECK(!f.help.empty());
    if (f.kind == FigureKind::counter && !f.metric.empty())
      CHECK(f.metric.substr(f.metric.size() - 6) == "_total");
  }
  // The dashboard lists the same figures, in the same order.
  auto dashboard = interview::ops::dashboard_catalog(catalog);
  REQUIRE(dashboard["figures"].size() == catalog.figures.size());
  CHECK(dashboard["figures"][0]["path"] == catalog.figures[0].path);
  // The schema has a leaf for each figure.
  std::set<std::string> leaves;
  schema_leaves(interview::ops::stats_schema(catalog), "", leaves);
  CHECK(leaves == paths);
}

TEST_CASE("figures registered with a metric render from the document; others stay in /stats only") {
  FigureRegistry figures;
  figures.counter("x.done", "things done", [] { return 3; }).metric("things_done_total");
  figures.text("x.note", "a note", [] { return "hi"; });
  auto text = interview::ops::render_prometheus(figures.catalog(), figures.collect());
  CHECK(text == "# HELP interview_things_done_total things done\n# TYPE interview_things_done_total counter\n"
                "interview_things_done_total 3\n");
}
