#include "ops/figures.hpp"

namespace interview::ops {
namespace {

using json = nlohmann::json;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

const char* kind_name(FigureKind k) {
  switch (k) {
    case FigureKind::counter: return "counter";
    case FigureKind::gauge: return "gauge";
    case FigureKind::text: return "text";
    case FigureKind::timestamp: return "timestamp";
    case FigureKind::histogram: return "histogram";
  }
  return "gauge";
}

json value_schema(const FigureSpec& f) {
  json s;
  switch (f.kind) {
    case FigureKind::counter:
    case FigureKind::gauge: s = {{"type", f.fractional ? "number" : "integer"}}; break;
    case FigureKind::text: s = {{"type", "string"}}; break;
    case FigureKind::timestamp: s = {{"type", "string"}, {"format", "date-time"}}; break;
    case FigureKind::histogram: s = {{"$ref", "#/components/schemas/Histogram"}}; break;
  }
  // An object per label level: {"GET /status/{user_id}": {"2xx": n}}.
  for (std::size_t i = 0; i < f.label_keys.size(); ++i)
    s = {{"type", "object"}, {"additionalProperties", s}};
  if (f.nullable) s["nullable"] = true;
  if (!f.help.empty() && !s.contains("$ref")) s["description"] = f.help;
  return s;
}

}  // namespace

FigureRegistry::Builder FigureRegistry::add(std::string path, FigureKind kind, std::string help, Reader read) {
  std::lock_guard<std::mutex> lock(mu_);
  FigureSpec spec;
  spec.path = std::move(path);
  spec.kind = kind;
  spec.help = std::move(help);
  entries_.push_back({std::move(spec), std::move(read)});
  return Builder(entries_.back().spec);
}

void FigureRegistry::section(std::string key, std::string description) {
  std::lock_guard<std::mutex> lock(mu_);
  sections_.emplace_back(std::move(key), std::move(description));
}

json FigureRegistry::collect() const {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  json out = json::object();
  for (const auto& e : entries_) {
    json* at = &out;
    for (const auto& key : split_path(e.spec.path)) at = &(*at)[key];
    *at = e.read();
  }
  return out;
}

FigureCatalog FigureRegistry::catalog() const {
  std::lock_guard<std::mutex> lock(mu_);
  FigureCatalog c;
  for (const auto& e : entries_) c.figures.push_back(e.spec);
  c.sections = sections_;
  return c;
}

json stats_schema(const FigureCatalog& catalog) {
  json root = {{"type", "object"},
               {"description", "Generated from the service's figures registry; a figure that cannot be read now is null."},
               {"properties", json::object()}};
  for (const auto& [key, description] : catalog.sections)
    root["properties"][key] = {{"type", "object"}, {"description", description}, {"properties", json::object()}};
  for (const auto& f : catalog.figures) {
    auto parts = split_path(f.path);
    json* at = &root;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      json& props = (*at)["properties"];
      json& child = props[parts[i]];
      if (!child.contains("type")) child["type"] = "object";
      if (!child.contains("properties")) child["properties"] = json::object();
      at = &child;
    }
    (*at)["properties"][parts.back()] = value_schema(f);
  }
  return root;
}

json with_stats_schema(const json& openapi, const FigureCatalog& catalog) {
  json doc = openapi;
  doc["components"]["schemas"]["Stats"] = stats_schema(catalog);
  return doc;
}

json dashboard_catalog(const FigureCatalog& catalog) {
  json figures = json::array();
  for (const auto& f : catalog.figures)
    figures.push_back({{"path", f.path}, {"kind", kind_name(f.kind)}, {"help", f.help}, {"unit", f.unit},
                       {"labels", f.label_keys}});
  json sections = json::array();
  for (const auto& [key, description] : catalog.sections) sections.push_back({{"key", key}, {"description", description}});
  return {{"sections", sections}, {"figures", figures}};
}

}  // namespace interview::ops
