// Whole entry point: size checks, detection, dispatch, normalization, cap.
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto limits = resume_fuzz::fuzz_limits();
  const auto r = interview::resume::extract_text(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  resume_fuzz::check_error(r);
  if (r.ok()) {
    resume_fuzz::check_text(r->text, limits.max_chars);
    resume_fuzz::require(!r->text.empty(), "success means some text");
  }
  return 0;
}
