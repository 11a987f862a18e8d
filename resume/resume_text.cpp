// Entry point: size checks, detection, dispatch, then one shared finish
// (normalize, cap, refuse empty) so every format obeys the same contract.
#include "resume/resume_text.hpp"

#include <cstdio>
#include <new>
#include <optional>

#include "resume/detect.hpp"
#include "resume/extractor.hpp"
#include "resume/normalize.hpp"
#include "resume/plain_text.hpp"
#include "resume/truncate.hpp"
#include "resume/utf8.hpp"

namespace interview::resume {
namespace {

std::string human_size(std::size_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  const double kib = static_cast<double>(bytes) / 1024.0;
  char buf[32];
  if (kib < 1024) std::snprintf(buf, sizeof buf, "%.1f KiB", kib);
  else std::snprintf(buf, sizeof buf, "%.1f MiB", kib / 1024.0);
  return buf;
}

Result<std::string> extract_raw(Format format, std::string_view bytes, const Limits& limits,
                                const detail::Deadline& deadline) {
  switch (format) {
    case Format::pdf: return detail::extract_pdf(bytes, limits, deadline);
    case Format::docx: return detail::extract_docx(bytes, limits, deadline);
    case Format::text: return detail::decode_plain_text(bytes);
  }
  return make_error(ErrorKind::internal, "unknown resume format");
}

Result<Extracted> extract(std::string_view bytes, const Limits& limits) {
  const detail::Deadline deadline(limits.time_budget);
  const std::optional<Format> format = detail::detect_format(bytes);
  if (!format) {
    return detail::unprocessable("unsupported resume format: expected PDF, DOCX or plain text");
  }
  Result<std::string> raw = extract_raw(*format, bytes, limits, deadline);
  if (!raw) return raw.error();
  // Extractors already give UTF-8, but poppler and XML content are not to be
  // trusted: sanitize before the byte-oriented passes.
  Extracted out{*format, detail::normalize_whitespace(detail::expand_ligatures(detail::sanitize_utf8(*raw)))};
  out.truncated = detail::truncate_to_code_points(out.text, limits.max_chars);
  if (out.text.empty()) {
    return detail::unprocessable(std::string("the ") + format_name(*format) +
                                 " resume contains no extractable text (a scanned image?)");
  }
  return out;
}

}  // namespace

const char* format_name(Format f) {
  switch (f) {
    case Format::pdf: return "pdf";
    case Format::docx: return "docx";
    case Format::text: return "text";
  }
  return "unknown";
}

Result<Extracted> extract_text(std::string_view bytes, const Limits& limits) {
  if (bytes.empty()) return make_error(ErrorKind::bad_request, "resume file is empty");
  if (bytes.size() > limits.max_bytes) {
    return make_error(ErrorKind::payload_too_large, "resume is " + human_size(bytes.size()) +
                                                        "; the limit is " + human_size(limits.max_bytes));
  }
  // Libraries fed hostile input may throw (allocation failures included);
  // an upload must never take the server down.
  try {
    return extract(bytes, limits);
  } catch (const std::bad_alloc&) {
    return detail::unprocessable("resume is too complex to process");
  } catch (const std::exception& e) {
    return detail::unprocessable(std::string("resume could not be processed: ") + e.what());
  } catch (...) {
    return detail::unprocessable("resume could not be processed");
  }
}

}  // namespace interview::resume
