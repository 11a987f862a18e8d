// PDF extractor without detection in front, so every mutation reaches poppler;
// in process (no fork) so libFuzzer sees the coverage.
#include <string_view>

#include "resume/extractor.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto limits = resume_fuzz::fuzz_limits();
  const interview::resume::detail::Deadline deadline(limits.time_budget);
  const auto r = interview::resume::detail::extract_pdf_in_process(std::string_view(reinterpret_cast<const char*>(data), size),
                                                        limits, deadline);
  resume_fuzz::check_error(r);
  if (r.ok()) resume_fuzz::require(interview::resume::detail::is_valid_utf8(*r), "page text is valid UTF-8");
  return 0;
}
