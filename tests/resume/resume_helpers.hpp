#pragma once
#include <doctest/doctest.h>

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

// The text extracted from fixture `name`, which must succeed and be read as `format`.
inline std::string fixture_text(const std::string& name, interview::resume::Format format) {
  const auto r = interview::resume::extract_text(fixture(name));
  REQUIRE(r.ok());
  CHECK(r->format == format);
  return r->text;
}

// Extraction refuses `bytes` as unprocessable (422), the message saying `why`.
inline void check_unprocessable(std::string_view why, std::string_view bytes,
                                const interview::resume::Limits& limits = {}) {
  const auto r = interview::resume::extract_text(bytes, limits);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == interview::ErrorKind::unprocessable);
  CHECK(contains(r.error().message, why));
}

}  // namespace resume_test
