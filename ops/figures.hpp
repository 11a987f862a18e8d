#pragma once
// The one registry of the service's figures. The component that owns a figure
// registers it once, with how to read it; GET /stats, GET /metrics, the /stats
// schema in /openapi.json and the /admin dashboard are all generated from it.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace interview::ops {

enum class FigureKind {
  counter,    // only grows; a Prometheus counter (its metric ends in _total)
  gauge,      // a level now
  text,       // a string; exported as a label of an info metric (e.g. build_info)
  timestamp,  // RFC 3339 text in /stats, Unix seconds in /metrics
  histogram,  // {"buckets": [[le, cumulative], ...], "sum": s, "count": n}
};

using Labels = std::vector<std::pair<std::string, std::string>>;

struct FigureSpec {
  std::string path;  // dotted key in /stats: "janitor.ticks"
  FigureKind kind = FigureKind::counter;
  std::string help;  // one line: HELP, the schema's description, the dashboard's label
  // Prometheus family, without the interview_ prefix; empty: the figure is in /stats only.
  std::string metric;
  std::string family_help;  // HELP of the family when several figures share it
  Labels labels;            // this figure's labels within its family
  // The value is an object nested this deep; each level's keys are one label's values
  // (e.g. {"route", "class"} for requests by route and status class).
  std::vector<std::string> label_keys;
  double metric_scale = 1.0;  // /stats unit to the metric's base unit (ms to s: 0.001)
  bool fractional = false;    // a number rather than an integer
  bool nullable = false;      // null when it cannot be read now
  std::string unit;           // for the dashboard: "", "bytes", "seconds", "ms"
};

// Everything the generated views need, without the readers.
struct FigureCatalog {
  std::vector<FigureSpec> figures;                           // in registration order
  std::vector<std::pair<std::string, std::string>> sections;  // top-level key -> description
};

class FigureRegistry {
 public:
  using Reader = std::function<nlohmann::json()>;

  // Chained setters for the optional parts of a registration.
  class Builder {
   public:
    explicit Builder(FigureSpec& s) : s_(s) {}
    Builder& metric(std::string name) { s_.metric = std::move(name); return *this; }
    Builder& family_help(std::string text) { s_.family_help = std::move(text); return *this; }
    Builder& label(std::string key, std::string value) { s_.labels.emplace_back(std::move(key), std::move(value)); return *this; }
    Builder& label_keys(std::vector<std::string> keys) { s_.label_keys = std::move(keys); return *this; }
    Builder& scale(double factor) { s_.metric_scale = factor; return *this; }
    Builder& fractional() { s_.fractional = true; return *this; }
    Builder& nullable() { s_.nullable = true; return *this; }
    Builder& unit(std::string u) { s_.unit = std::move(u); return *this; }

   private:
    FigureSpec& s_;
  };

  Builder add(std::string path, FigureKind kind, std::string help, Reader read);
  Builder counter(std::string path, std::string help, Reader read) {
    return add(std::move(path), FigureKind::counter, std::move(help), std::move(read));
  }
  Builder gauge(std::string path, std::string help, Reader read) {
    return add(std::move(path), FigureKind::gauge, std::move(help), std::move(read));
  }
  Builder text(std::string path, std::string help, Reader read) {
    return add(std::move(path), FigureKind::text, std::move(help), std::move(read));
  }
  void section(std::string key, std::string description);

  // The /stats document: every figure read now, at its path. Collections are
  // serialised (they are rare: an operator's dashboard or a scraper).
  nlohmann::json collect() const;
  FigureCatalog catalog() const;

  // Increments once per collection: lets several figures share one read.
  std::uint64_t generation() const { return generation_; }

 private:
  struct Entry {
    FigureSpec spec;
    Reader read;
  };
  std::deque<Entry> entries_;  // a deque: Builders keep pointing at their entry
  std::vector<std::pair<std::string, std::string>> sections_;
  mutable std::mutex mu_;
  mutable std::uint64_t generation_ = 0;
};

// One read shared by several figures within a collection (two gauges from one
// store round trip). Only call get() from a reader.
template <class T>
class SharedRead {
 public:
  SharedRead(const FigureRegistry& registry, std::function<T()> read) : registry_(registry), read_(std::move(read)) {}
  const T& get() {
    if (!value_ || generation_ != registry_.generation()) {
      value_ = std::make_unique<T>(read_());
      generation_ = registry_.generation();
    }
    return *value_;
  }

 private:
  const FigureRegistry& registry_;
  std::function<T()> read_;
  std::unique_ptr<T> value_;
  std::uint64_t generation_ = 0;
};

// The OpenAPI schema of the /stats document.
nlohmann::json stats_schema(const FigureCatalog& catalog);
// The OpenAPI document with components.schemas.Stats generated from the catalog.
nlohmann::json with_stats_schema(const nlohmann::json& openapi, const FigureCatalog& catalog);
// What /admin needs to lay out every figure: [{path, kind, help, unit}], and the sections.
nlohmann::json dashboard_catalog(const FigureCatalog& catalog);

}  // namespace interview::ops
