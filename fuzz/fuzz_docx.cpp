// DOCX extractor (ZIP container + XML) without detection in front.
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  resume_fuzz::run_extractor(interview::resume::detail::extract_docx, data, size);
  return 0;
}
