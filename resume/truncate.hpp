#pragma once
// The stored resume text is capped in Unicode code points (what Python's
// len() and the API document count), never in bytes, so a cut cannot split
// a multi-byte character.
#include <cstddef>
#include <string>

namespace interview::resume::detail {

// Keeps the first max_chars code points of valid UTF-8 `text`; returns true
// when something was cut.
bool truncate_to_code_points(std::string& text, std::size_t max_chars);

}  // namespace interview::resume::detail
