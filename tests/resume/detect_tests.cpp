// Format detection looks at content only.
#include <doctest/doctest.h>

#include <random>

#include "resume/detect.hpp"
#include "resume_helpers.hpp"

using interview::resume::Format;
using interview::resume::detail::detect_format;
using resume_test::fixture;

TEST_SUITE("detect") {
  TEST_CASE("real fixtures are recognised by their bytes") {
    CHECK(detect_format(fixture("resume-2page.pdf")) == Format::pdf);
    CHECK(detect_format(fixture("resume-lo.pdf")) == Format::pdf);
    CHECK(detect_format(fixture("resume.docx")) == Format::docx);
    CHECK(detect_format(fixture("resume-python-docx.docx")) == Format::docx);
    CHECK(detect_format(fixture("resume.txt")) == Format::text);
    CHECK(detect_format(fixture("resume-utf16.txt")) == Format::text);
    CHECK(detect_format(fixture("resume-bom.txt")) == Format::text);
  }

  TEST_CASE("a PDF header after a little leading junk is still a PDF") {
    CHECK(detect_format(std::string(100, '\n') + "%PDF-1.4\n...") == Format::pdf);
    CHECK(detect_format(std::string(2000, 'x') + "%PDF-1.4\n") == Format::text);  // too far in: just text
  }

  TEST_CASE("text with a few invalid bytes is text (Latin-1 resume)") {
    CHECK(detect_format(fixture("resume-latin1.txt")) == Format::text);
  }

  TEST_CASE("binary content is not text") {
    std::mt19937 rng(42);
    std::string random(4096, '\0');
    for (char& c : random) c = static_cast<char>(rng());
    CHECK_FALSE(detect_format(random).has_value());
    CHECK_FALSE(detect_format(std::string("Jane\0Candidate", 14)).has_value());  // NUL byte
    CHECK_FALSE(detect_format("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy .doc").has_value());
    CHECK_FALSE(detect_format("{\\rtf1\\ansi Jane}").has_value());  // RTF markup is not plain text
    std::string mostly_controls(100, '\x01');
    CHECK_FALSE(detect_format(mostly_controls).has_value());
  }
}
