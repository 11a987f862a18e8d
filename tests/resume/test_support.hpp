#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "resume/resume_text.hpp"

namespace resume_test {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(RESUME_FIXTURES_DIR) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline std::size_t occurrences(std::string_view hay, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

inline bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

}  // namespace resume_test
