#pragma once
// ASCII helpers for protocol text (HTTP header names and values): pure, no locale.
#include <cctype>
#include <string>
#include <string_view>

namespace interview {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// Without the spaces, tabs and carriage returns around it.
inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace interview
