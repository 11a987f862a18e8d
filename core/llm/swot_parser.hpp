#pragma once
// Turning a model's text into the four SWOT lists, and the clearly marked
// minimal analysis used when a model cannot produce a usable one.
#include <optional>
#include <string_view>

#include "core/llm/interviewer.hpp"

namespace interview::llm {

// Accepts JSON (fenced, with prose around, any key casing, singular keys,
// a single string where a list is expected, nested under "swot"/"swot_analysis")
// or markdown sections ("Strengths:" followed by bullet lines).
// nullopt when the four lists cannot be found: the caller retries once,
// then uses make_fallback_swot().
std::optional<SwotAnalysis> parse_swot_reply(std::string_view text);

// Each list holds one entry saying the automatic analysis could not be
// generated; fallback = true.
SwotAnalysis make_fallback_swot();

}  // namespace interview::llm
