#pragma once
// UTF-8 primitives shared by every extractor. Invalid input is never dropped
// silently: each maximal invalid subpart becomes one U+FFFD (the Unicode /
// WHATWG convention), so a reader can see that something was lost.
#include <cstddef>
#include <string>
#include <string_view>

namespace interview::resume::detail {

inline constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
  char32_t cp;       // kReplacement when !valid
  std::size_t len;   // bytes consumed, always >= 1
  bool valid;
};

// Decodes the code point starting at s[i] (i < s.size()).
Decoded decode_utf8(std::string_view s, std::size_t i);
void append_utf8(std::string& out, char32_t cp);
std::string sanitize_utf8(std::string_view s);
bool is_valid_utf8(std::string_view s);
// Counts code points of a valid UTF-8 string (counts lead bytes).
std::size_t count_code_points(std::string_view valid_utf8);

}  // namespace interview::resume::detail
