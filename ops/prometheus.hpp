#pragma once
// Renders the /stats document as Prometheus text exposition format 0.0.4,
// family by family as the figures registry names them.
#include <string>

#include <nlohmann/json.hpp>

#include "ops/figures.hpp"

namespace interview::ops {

// Content-Type for the rendered text.
inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// Every metric is prefixed `interview_`. A figure missing from `stats` or of
// the wrong type is skipped: a partial document gives partial metrics, never
// an exception. Histograms under "histograms" that no figure names render
// under their own key.
std::string render_prometheus(const FigureCatalog& catalog, const nlohmann::json& stats);

}  // namespace interview::ops
