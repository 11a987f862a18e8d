// PDF extraction with poppler: pages, reading order, hyphenation, ligatures,
// encryption and the PDF limits.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "resume/resume_text.hpp"
#include "resume/utf8.hpp"
#include "resume_helpers.hpp"

using namespace interview;
using namespace interview::resume;
using namespace resume_test;

namespace {
// One page with `words` short text fragments at pseudo-random positions,
// uncompressed: the worst case for poppler's reading-order analysis.
std::string dense_page_pdf(int words) {
  std::string content;
  unsigned x = 12345;
  for (int i = 0; i < words; ++i) {
    x = x * 1103515245u + 12345u;
    content += "BT /F1 8 Tf " + std::to_string((x >> 8) % 600) + " " + std::to_string((x >> 4) % 800) + " Td (w" +
               std::to_string(i % 97) + ") Tj ET\n";
  }
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

Limits roomy() {
  Limits l;
  l.max_chars = 1'000'000;
  return l;
}
}  // namespace

TEST_SUITE("pdf") {
  TEST_CASE("every page is read: the phrase that only page 2 holds is found, after page 1") {
    const std::string text = fixture_text("resume-2page.pdf", Format::pdf);
    const auto p2 = text.find("KUBERNETES-OPERATOR-PHRASE-P2");
    REQUIRE(p2 != std::string::npos);
    CHECK(text.find("RIGHT-COLUMN-END") < p2);
    CHECK(text.substr(p2 - 2, 2) == "\n\n");  // pages joined by a blank line
    CHECK(occurrences(text, "KUBERNETES-OPERATOR-PHRASE-P2") == 1);
  }

  TEST_CASE("two-column page is read column by column, not line by line across columns") {
    const auto r = extract_text(fixture("resume-2page.pdf"));
    REQUIRE(r.ok());
    const auto left_end = r->text.find("LEFT-COLUMN-END");
    const auto right_start = r->text.find("RIGHT-COLUMN-START");
    REQUIRE(left_end != std::string::npos);
    REQUIRE(right_start != std::string::npos);
    CHECK(left_end < right_start);
    CHECK(r->text.find("microservices") < right_start);  // last line of the left column
  }

  TEST_CASE("words hyphenated at line ends by groff come back whole") {
    // groff broke perfor-mance, baf-fling, in-cluded, interna-tionalization, microser-vices, Men-tored.
    const auto r = extract_text(fixture("resume-2page.pdf"));
    REQUIRE(r.ok());
    for (const char* word : {"performance", "baffling", "included", "internationalization", "microservices",
                             "Mentored"}) {
      CAPTURE(word);
      CHECK(contains(r->text, word));
    }
    CHECK_FALSE(contains(r->text, "perfor-"));
    CHECK_FALSE(contains(r->text, "Men-"));
    CHECK(contains(r->text, "fine-grained"));  // a real hyphen inside a line stays
  }

  TEST_CASE("ligature code points in a LibreOffice PDF are expanded") {
    const auto r = extract_text(fixture("resume-lo.pdf"));
    REQUIRE(r.ok());
    CHECK(contains(r->text, "finance systems"));
    CHECK(contains(r->text, "workflow engines"));
    CHECK(contains(r->text, "off-site"));
    for (const char* lig : {"\uFB00", "\uFB01", "\uFB02", "\uFB03", "\uFB04"}) CHECK_FALSE(contains(r->text, lig));
    CHECK(contains(r->text, "Łódź"));
    CHECK(contains(r->text, "“Delivered the migration on time,”"));
  }

  TEST_CASE("a PDF that needs a password to open is refused with 422 naming the cause") {
    check_unprocessable("password-protected", fixture("resume-encrypted.pdf"));
  }

  TEST_CASE("a PDF with only an owner password (permissions) opens and is read") {
    const auto r = extract_text(fixture("resume-owner-password-only.pdf"));
    REQUIRE(r.ok());
    CHECK(contains(r->text, "KUBERNETES-OPERATOR-PHRASE-P2"));
  }

  TEST_CASE("all 30 pages are read when the character cap allows it") {
    const auto r = extract_text(fixture("resume-30page.pdf"), roomy());
    REQUIRE(r.ok());
    CHECK_FALSE(r->truncated);
    CHECK(contains(r->text, "PAGE-01-MARKER"));
    CHECK(contains(r->text, "PAGE-30-MARKER"));
    CHECK(r->text.find("PAGE-29-MARKER") < r->text.find("PAGE-30-MARKER"));
  }

  TEST_CASE("a long PDF is capped at max_chars code points and flagged truncated") {
    const auto r = extract_text(fixture("resume-30page.pdf"));
    REQUIRE(r.ok());
    CHECK(r->truncated);
    CHECK(detail::count_code_points(r->text) == Limits{}.max_chars);
    CHECK(contains(r->text, "PAGE-01-MARKER"));
    CHECK_FALSE(contains(r->text, "PAGE-30-MARKER"));
  }

  TEST_CASE("more pages than max_pdf_pages is refused before reading them") {
    Limits l;
    l.max_pdf_pages = 20;
    const auto r = extract_text(fixture("resume-30page.pdf"), l);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unprocessable);
    CHECK(contains(r.error().message, "30 pages"));
    CHECK(contains(r.error().message, "limit is 20"));
  }

  TEST_CASE("an exhausted time budget stops in-process extraction between pages with 422") {
    Limits l = roomy();
    l.isolate_pdf = false;  // the page-boundary check itself, not the child kill
    l.time_budget = std::chrono::milliseconds(0);
    check_unprocessable("took longer than", fixture("resume-30page.pdf"), l);
  }

  TEST_CASE("a page too dense for layout analysis is read in content order, in bounded time") {
    // 30,000 scattered words: reading-order analysis alone took 7.6 s here.
    const std::string pdf = dense_page_pdf(30000);
    for (bool isolate : {true, false}) {
      CAPTURE(isolate);
      Limits l;
      l.isolate_pdf = isolate;
      const auto start = std::chrono::steady_clock::now();
      const auto r = extract_text(pdf, l);
      CHECK(elapsed_ms(start) < 2000);
      REQUIRE(r.ok());
      CHECK(r->truncated);
      CHECK(contains(r->text, "w0"));
    }
  }

  TEST_CASE("a page that takes longer than the time budget is cut off mid-page (child killed)") {
    Limits l;
    l.pdf_layout_max_page_chars = std::size_t(-1);  // force the slow analysis
    l.time_budget = std::chrono::milliseconds(300);
    const auto start = std::chrono::steady_clock::now();
    const auto r = extract_text(dense_page_pdf(30000), l);
    const double ms = elapsed_ms(start);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unprocessable);
    CHECK(contains(r.error().message, "took longer than 300 ms"));
    CHECK(ms < 1500);
  }

  TEST_CASE("isolated and in-process extraction give the same text") {
    Limits in_process;
    in_process.isolate_pdf = false;
    const auto a = extract_text(fixture("resume-2page.pdf"));
    const auto b = extract_text(fixture("resume-2page.pdf"), in_process);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->text == b->text);
    const auto e = extract_text(fixture("resume-encrypted.pdf"), in_process);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message == extract_text(fixture("resume-encrypted.pdf")).error().message);
  }
}
