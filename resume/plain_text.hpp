#pragma once
// Plain-text resumes: UTF-8 (optional BOM) or UTF-16 with a BOM.
#include <string>
#include <string_view>

namespace interview::resume::detail {

// True when the bytes read as human text: no NUL (UTF-8), and at most a small
// share of invalid sequences / control characters. Lets a Latin-1 resume
// through (its few bad bytes become U+FFFD) while random bytes are refused.
bool looks_like_text(std::string_view bytes);

// Decodes to UTF-8; every invalid sequence becomes U+FFFD.
std::string decode_plain_text(std::string_view bytes);

}  // namespace interview::resume::detail
