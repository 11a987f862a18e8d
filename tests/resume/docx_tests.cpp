// DOCX extraction: real producers (LibreOffice, python-docx) and crafted
// WordprocessingML for the constructs those producers do not emit.
#include <doctest/doctest.h>

#include "resume/resume_text.hpp"
#include "resume_helpers.hpp"
#include "zip_writer.hpp"

using namespace interview;
using namespace interview::resume;
using namespace resume_test;

namespace {
std::string extract_ok(const std::string& bytes) {
  const auto r = extract_text(bytes);
  if (!r.ok()) FAIL("extraction failed: " << r.error().message);
  return r->text;
}
std::string para(const std::string& runs) { return "<w:p>" + runs + "</w:p>"; }
std::string run(const std::string& text) { return "<w:r><w:t>" + text + "</w:t></w:r>"; }
std::string header(const std::string& root, const std::string& text) {
  return "<?xml version=\"1.0\"?><w:" + root +
         " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" + para(run(text)) + "</w:" +
         root + ">";
}
}  // namespace

TEST_SUITE("docx") {
  TEST_CASE("LibreOffice DOCX: table cells, lists, hyperlink, quotes and scripts survive") {
    const std::string t = fixture_text("resume.docx", Format::docx);
    CHECK(contains(t, "Acme Sp. z o.o.\tTABLE-CELL-PHRASE-DOCX lead engineer"));  // one row, cell by cell
    CHECK(contains(t, "Company\tRole"));
    CHECK(contains(t, "- Designed BULLET-ITEM-ONE event pipeline"));
    CHECK(contains(t, "- NUMBERED-ITEM-TWO second step"));
    CHECK(contains(t, "Portfolio: HYPERLINK-TEXT GitHub profile"));
    CHECK(contains(t, "“Delivered the migration on time,” said the CTO; it’s the team’s ‘favourite’ project."));
    CHECK(contains(t, "Łódź"));
    CHECK(contains(t, "日本語"));
    CHECK(contains(t, "Ελληνικά"));
    CHECK(contains(t, "Skills:\tC++17"));  // w:tab
    CHECK(contains(t, "finance systems"));  // ligature code points in the source expanded
  }

  TEST_CASE("a text box exported as mc:AlternateContent is read once, not twice") {
    const std::string bytes = fixture("resume.docx");
    const std::string t = extract_ok(bytes);
    CHECK(occurrences(t, "TEXT-BOX-PHRASE") == 1);
  }

  TEST_CASE("headers and footers come after the body") {
    const std::string t = extract_ok(fixture("resume.docx"));
    const auto body = t.find("RIGHT-COLUMN-SECOND");
    const auto head = t.find("HEADER-PHRASE");
    const auto foot = t.find("FOOTER-PHRASE");
    REQUIRE(body != std::string::npos);
    REQUIRE(head != std::string::npos);
    REQUIRE(foot != std::string::npos);
    CHECK(body < head);
    CHECK(head < foot);
  }

  TEST_CASE("python-docx DOCX: style lists, hyperlink, tab/break, multi-paragraph cell, header/footer") {
    const std::string t = extract_ok(fixture("resume-python-docx.docx"));
    CHECK(contains(t, "PYDOCX-BULLET first bullet\nPYDOCX-BULLET second bullet"));
    CHECK(contains(t, "Profile: PYDOCX-LINK personal site"));
    CHECK(contains(t, "Before tab\tafter tab\nafter break"));
    CHECK(contains(t, "2021\tPYDOCX-TABLE-CELL staff engineer\nsecond paragraph in cell"));
    CHECK(t.find("PYDOCX-TABLE-CELL") < t.find("PYDOCX-AFTER-TABLE"));
    CHECK(contains(t, "Kraków"));
    CHECK(contains(t, "Українська"));
    CHECK(contains(t, "“Smart” quotes ‘here’"));
    CHECK(t.find("PYDOCX-AFTER-TABLE") < t.find("PYDOCX-HEADER"));
    CHECK(t.find("PYDOCX-HEADER") < t.find("PYDOCX-FOOTER"));
  }

  TEST_CASE("mc:Choice is preferred over mc:Fallback; Fallback is used when it is the only one") {
    const std::string choice_first =
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">" + para(run("FROM-CHOICE")) +
        "</mc:Choice><mc:Fallback>" + para(run("FROM-FALLBACK")) + "</mc:Fallback></mc:AlternateContent></w:r></w:p>";
    const std::string t = extract_ok(make_docx(choice_first));
    CHECK(contains(t, "FROM-CHOICE"));
    CHECK_FALSE(contains(t, "FROM-FALLBACK"));
    const std::string only_fallback =
        "<w:p><mc:AlternateContent><mc:Fallback>" + para(run("ONLY-FALLBACK")) + "</mc:Fallback></mc:AlternateContent></w:p>";
    CHECK(contains(extract_ok(make_docx(only_fallback)), "ONLY-FALLBACK"));
  }

  TEST_CASE("text the reader does not see is skipped: deletions, field codes, tab-stop definitions") {
    const std::string body =
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" + run("Visible") +
        "<w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> HYPERLINK \"https://x\" </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + run(" link") +
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";
    CHECK(extract_ok(make_docx(body)) == "Visible link");
  }

  TEST_CASE("a space-only run between runs is kept (xml:space=preserve)") {
    const std::string body = para(run("Hello") + "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>" + run("World"));
    CHECK(extract_ok(make_docx(body)) == "Hello World");
  }

  TEST_CASE("headers are ordered numerically and identical ones appear once") {
    const std::string bytes = make_docx(para(run("BODY")), {{"word/header10.xml", header("hdr", "HEADER-TEN")},
                                                            {"word/footer1.xml", header("ftr", "FOOTER-ONE")},
                                                            {"word/header2.xml", header("hdr", "HEADER-TWO")},
                                                            {"word/header3.xml", header("hdr", "HEADER-TWO")}});
    CHECK(extract_ok(bytes) == "BODY\n\nHEADER-TWO\n\nHEADER-TEN\n\nFOOTER-ONE");
  }

  TEST_CASE("a DOCX with no text at all is refused as having no text") {
    check_unprocessable("no extractable text", make_docx("<w:p/><w:p><w:r/></w:p>"));
  }

  TEST_CASE("an exhausted time budget stops DOCX reading with 422") {
    Limits l;
    l.time_budget = std::chrono::milliseconds(0);
    check_unprocessable("took longer than 0 ms", fixture("resume.docx"), l);
  }
}
