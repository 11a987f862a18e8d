// The WordprocessingML walker on raw XML: mutated ZIPs seldom inflate to
// well-formed XML, so the walker gets its own target.
#include <string>

#include "resume/extractor.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto limits = resume_fuzz::fuzz_limits();
  limits.max_xml_depth = 64;
  std::string xml(reinterpret_cast<const char*>(data), size);
  const auto r = interview::resume::detail::docx_part_text(xml, "word/document.xml", limits);
  resume_fuzz::check_error(r);
  return 0;
}
