// PDF extractor without detection in front, so every mutation reaches poppler;
// in process (no fork) so libFuzzer sees the coverage.
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const auto r = resume_fuzz::run_extractor(interview::resume::detail::extract_pdf_in_process, data, size);
  if (r.ok()) resume_fuzz::require(interview::resume::detail::is_valid_utf8(*r), "page text is valid UTF-8");
  return 0;
}
