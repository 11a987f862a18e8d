#pragma once
// Renders the /stats JSON as Prometheus text exposition format 0.0.4.
#include <string>

#include <nlohmann/json.hpp>

namespace interview::ops {

// Content-Type for the rendered text.
inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// Every metric is prefixed `interview_`. Sections or fields that are missing
// or of the wrong type are skipped: a partial stats object gives partial
// metrics, never an exception.
std::string render_prometheus(const nlohmann::json& stats);

}  // namespace interview::ops
