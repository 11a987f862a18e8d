// PDF text via poppler-cpp.
#include <climits>
#include <memory>
#include <mutex>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "resume/extractor.hpp"
#include "resume/isolate.hpp"
#include "resume/normalize.hpp"
#include "resume/utf8.hpp"

namespace interview::resume::detail {
namespace {

void silence_poppler() {
  // poppler prints parser complaints about damaged files to stderr; uploads
  // are untrusted, so that would let anyone flood the server log.
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

std::string utf8_text(const poppler::page& page, poppler::page::text_layout_enum mode) {
  const poppler::byte_array utf8 = page.text(poppler::rectf(), mode).to_utf8();
  return sanitize_utf8(std::string_view(utf8.data(), utf8.size()));
}

std::string page_text(const poppler::page& page, const Limits& limits) {
  // non_raw_non_physical_layout = poppler's reading order (what pdftotext
  // prints without -layout): columns are read one after the other instead of
  // being interleaved line by line (physical) or left in content-stream
  // order (raw). Its analysis is superlinear in the words on the page, so a
  // cheap linear raw pass first decides whether the page is sane for it.
  std::string raw = utf8_text(page, poppler::page::raw_order_layout);
  if (count_code_points(raw) <= limits.pdf_layout_max_page_chars) {
    raw = utf8_text(page, poppler::page::non_raw_non_physical_layout);
  }
  // Per page, so a page's hyphenation never glues onto the next page.
  return normalize_whitespace(join_hyphenated_lines(expand_ligatures(raw)));
}

}  // namespace

Result<std::string> extract_pdf_in_process(std::string_view bytes, const Limits& limits, const Deadline& deadline) {
  silence_poppler();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return unprocessable("PDF is too large to process");
  // load_from_raw_data does not copy: `bytes` outlives the document.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return unprocessable("PDF is damaged or unreadable");
  if (doc->is_locked()) {
    // An owner-password-only PDF opens without a password and is read; only
    // a user password (needed to open the file) stops us.
    return unprocessable("PDF is password-protected (encrypted); upload an unprotected copy");
  }
  const int pages = doc->pages();
  if (pages <= 0) return unprocessable("PDF is damaged or unreadable: it has no pages");
  if (pages > limits.max_pdf_pages) {
    return unprocessable("PDF has " + std::to_string(pages) + " pages; the limit is " +
                         std::to_string(limits.max_pdf_pages));
  }
  std::string text;
  std::size_t chars = 0;
  for (int i = 0; i < pages; ++i) {
    if (deadline.expired()) return over_time_budget(deadline);
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;  // a broken page should not cost the readable ones
    const std::string t = page_text(*page, limits);
    if (t.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += t;
    chars += count_code_points(t) + 2;
    if (chars > limits.max_chars) break;  // enough to fill the cap; the rest would be cut anyway
  }
  return text;
}

Result<std::string> extract_pdf(std::string_view bytes, const Limits& limits, const Deadline& deadline) {
  if (!limits.isolate_pdf) return extract_pdf_in_process(bytes, limits, deadline);
  return run_isolated([&] { return extract_pdf_in_process(bytes, limits, deadline); }, deadline,
                      limits.pdf_memory_limit, "PDF");
}

}  // namespace interview::resume::detail
