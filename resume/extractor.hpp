#pragma once
// What every format-specific extractor shares: the signature shape, the
// time budget and the error helpers. Extractors return raw UTF-8 text;
// extract_text() normalizes and truncates it in one place.
#include <string>
#include <string_view>

#include "resume/deadline.hpp"
#include "resume/resume_text.hpp"

namespace interview::resume::detail {

inline Error unprocessable(std::string message) {
  return make_error(ErrorKind::unprocessable, std::move(message));
}

inline Error over_time_budget(const Deadline& d) {
  return unprocessable("resume took longer than " + std::to_string(d.budget().count()) +
                       " ms to process; upload a simpler file");
}

// Honours limits.isolate_pdf (forked child, killed at the deadline).
Result<std::string> extract_pdf(std::string_view bytes, const Limits& limits, const Deadline& deadline);
// The same work in the calling process (the fuzzer needs coverage from it).
Result<std::string> extract_pdf_in_process(std::string_view bytes, const Limits& limits, const Deadline& deadline);
Result<std::string> extract_docx(std::string_view bytes, const Limits& limits, const Deadline& deadline);
// Text of one WordprocessingML part (document, header, footer); parses
// `xml` in place. Exposed for the XML fuzzer: mutated ZIPs rarely get this far.
Result<std::string> docx_part_text(std::string& xml, const char* name, const Limits& limits);

}  // namespace interview::resume::detail
