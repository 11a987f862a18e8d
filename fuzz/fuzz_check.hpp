#pragma once
// Invariants every fuzz target checks on top of "no crash, no sanitizer
// report": success means valid UTF-8 within the cap; failure means a 4xx
// kind with a message, never `internal`.
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "resume/extractor.hpp"
#include "resume/resume_text.hpp"
#include "resume/utf8.hpp"

namespace resume_fuzz {

inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

inline void check_text(const std::string& text, std::size_t max_chars) {
  require(interview::resume::detail::is_valid_utf8(text), "output is valid UTF-8");
  require(interview::resume::detail::count_code_points(text) <= max_chars, "output within max_chars");
}

template <class T>
void check_error(const interview::Result<T>& r) {
  if (r.ok()) return;
  const auto kind = r.error().kind;
  require(kind == interview::ErrorKind::unprocessable || kind == interview::ErrorKind::bad_request ||
              kind == interview::ErrorKind::payload_too_large,
          "errors are 4xx kinds");
  require(!r.error().message.empty(), "errors carry a message");
  // extract_text() turns unexpected exceptions into this message so the
  // server survives; under the fuzzer it means a bug.
  require(r.error().message.find("could not be processed") == std::string::npos, "no unexpected exception");
}

// Small caps keep each run fast; the code paths are the same.
inline interview::resume::Limits fuzz_limits() {
  interview::resume::Limits l;
  l.max_chars = 2000;
  l.max_docx_uncompressed = 4 * 1024 * 1024;
  l.max_pdf_pages = 20;
  l.time_budget = std::chrono::milliseconds(2000);
  l.isolate_pdf = false;  // a forked child's coverage is invisible to libFuzzer
  return l;
}

// Runs one format's extractor (detail::extract_pdf_in_process, extract_docx)
// on the input with fuzz_limits() and a fresh deadline, checks its error, and
// returns its result.
template <class Extractor>
auto run_extractor(Extractor extract, const unsigned char* data, std::size_t size) {
  const auto limits = fuzz_limits();
  const interview::resume::detail::Deadline deadline(limits.time_budget);
  auto r = extract(std::string_view(reinterpret_cast<const char*>(data), size), limits, deadline);
  check_error(r);
  return r;
}

}  // namespace resume_fuzz
