#pragma once
// Firestore field paths: segments that are not plain identifiers must be
// quoted with backticks ("`user-id`"), or the API reads them as syntax.
#include <string>
#include <vector>

namespace interview::gcp {

std::string quote_segment(const std::string& segment);
// A top-level field name as one path segment (used by update masks).
std::string top_level_path(const std::string& field);
// "a.b" → "a.b"; "a.x-y" → "a.`x-y`": dots separate nested map fields, as in
// Firestore queries.
std::string dotted_path(const std::string& field);
// Joins already-split segments (transform paths found inside nested maps).
std::string join_segments(const std::vector<std::string>& segments);

}  // namespace interview::gcp
