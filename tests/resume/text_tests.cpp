// Plain-text resumes: encodings, BOMs, invalid bytes.
#include <doctest/doctest.h>

#include "resume/resume_text.hpp"
#include "resume_helpers.hpp"

using namespace interview;
using namespace interview::resume;
using namespace resume_test;

static const std::string kFffd = "\xEF\xBF\xBD";

TEST_SUITE("text") {
  TEST_CASE("UTF-8 text keeps non-Latin letters and smart quotes") {
    const auto r = extract_text(fixture("resume.txt"));
    REQUIRE(r.ok());
    CHECK(r->format == Format::text);
    CHECK(contains(r->text, "Łódź"));
    CHECK(contains(r->text, "日本語"));
    CHECK(contains(r->text, "“Payments”"));
    CHECK_FALSE(r->truncated);
  }

  TEST_CASE("a UTF-8 BOM is stripped, giving the same text as without it") {
    const auto plain = extract_text(fixture("resume.txt"));
    const auto bom = extract_text(fixture("resume-bom.txt"));
    REQUIRE(plain.ok());
    REQUIRE(bom.ok());
    CHECK(bom->text == plain->text);
    CHECK(bom->text.rfind("Jane", 0) == 0);
  }

  TEST_CASE("UTF-16 with a BOM is decoded to the same UTF-8 text") {
    const auto plain = extract_text(fixture("resume.txt"));
    const auto wide = extract_text(fixture("resume-utf16.txt"));
    REQUIRE(wide.ok());
    CHECK(wide->format == Format::text);
    CHECK(wide->text == plain->text);
  }

  TEST_CASE("invalid UTF-8 bytes become U+FFFD, one per bad byte, nothing dropped") {
    const auto r = extract_text(fixture("resume-latin1.txt"));
    REQUIRE(r.ok());
    // José Martínez / Café Zürich naïve façade / résumé: 8 Latin-1 letters.
    CHECK(occurrences(r->text, kFffd) == 8);
    CHECK(contains(r->text, "Jos" + kFffd + " Mart" + kFffd + "nez"));
    CHECK(contains(r->text, "Experience: 10 years"));
  }

  TEST_CASE("CRLF line ends and trailing blanks are normalized") {
    const auto r = extract_text("Jane Candidate  \r\nEngineer\r\n\r\n\r\n\r\nSkills: C++\r\n");
    REQUIRE(r.ok());
    CHECK(r->text == "Jane Candidate\nEngineer\n\nSkills: C++");
  }

  TEST_CASE("whitespace-only text is refused as having no text") {
    check_unprocessable("no extractable text", " \n\t\r\n ");
  }
}
