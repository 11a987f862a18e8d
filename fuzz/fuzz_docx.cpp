// DOCX extractor (ZIP container + XML) without detection in front.
#include <string_view>

#include "resume/extractor.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto limits = resume_fuzz::fuzz_limits();
  const interview::resume::detail::Deadline deadline(limits.time_budget);
  const auto r = interview::resume::detail::extract_docx(std::string_view(reinterpret_cast<const char*>(data), size),
                                                         limits, deadline);
  resume_fuzz::check_error(r);
  return 0;
}
