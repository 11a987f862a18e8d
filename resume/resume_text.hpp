#pragma once
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include "core/result.hpp"   // interview::Result<T>, interview::Error, interview::ErrorKind — read it, do not edit it
namespace interview::resume {
enum class Format { pdf, docx, text };
struct Limits {
  std::size_t max_bytes = 5 * 1024 * 1024;
  std::size_t max_chars = 10000;
  std::size_t max_docx_uncompressed = 20 * 1024 * 1024;
  std::size_t max_docx_entries = 2000;
  std::size_t max_xml_depth = 256;
  int max_pdf_pages = 50;
  std::chrono::milliseconds time_budget{3000};
  // Added knobs (defaults are what production should use):
  // A page whose text is longer than this is read in content-stream order:
  // poppler's reading-order analysis is superlinear (30,000 scattered words
  // on one page took 7.6 s) and a resume page holds a few thousand chars.
  std::size_t pdf_layout_max_page_chars = 20000;
  // Parse PDFs in a forked child process that is killed when the time budget
  // runs out and cannot take the server down if poppler crashes; a single
  // poppler call cannot be interrupted otherwise.
  bool isolate_pdf = true;
  std::size_t pdf_memory_limit = std::size_t{1} << 30;  // address space that child may add
};
struct Extracted { Format format; std::string text; bool truncated = false; };
const char* format_name(Format);
// Detects the format by content and extracts UTF-8 text. Errors: payload_too_large (413) for size,
// unprocessable (422) for unsupported/encrypted/damaged/over-limit content, bad_request (400) for an empty file.
Result<Extracted> extract_text(std::string_view bytes, const Limits& limits = {});
}
