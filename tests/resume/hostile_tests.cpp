// Hostile and over-limit inputs: each must end in a clear 4xx, never a
// crash, a hang or a silent success.
#include <doctest/doctest.h>

#include <functional>
#include <random>

#include "resume/resume_text.hpp"
#include "resume/utf8.hpp"
#include "resume_helpers.hpp"
#include "zip_writer.hpp"

#include <zip.h>

using namespace interview;
using namespace interview::resume;
using namespace resume_test;

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// 21 MiB of zeros deflates to ~21 KB: over the default 20 MiB cap.
std::string zeros_bomb() { return make_docx("<w:p/>", {{"word/media/zeros.bin", std::string(21u << 20, '\0')}}); }

// The part we must read (document.xml) is the bomb, and the archive claims
// it is 100 bytes: only counting inflated bytes catches it.
std::string lying_document_bomb() {
  return resume_test::lie_about_sizes(
      make_docx("<w:p><w:r><w:t>" + std::string(21u << 20, 'a') + "</w:t></w:r></w:p>"), 100);
}

std::string nested_xml(std::size_t depth) {
  std::string open, close;
  for (std::size_t i = 0; i < depth; ++i) {
    open += "<w:sdt><w:sdtContent>";
    close = "</w:sdtContent></w:sdt>" + close;
  }
  return open + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + close;
}

std::string corrupt_deflate() {
  std::string zip = make_docx("<w:p><w:r><w:t>" + std::string(5000, 'a') + "</w:t></w:r></w:p>");
  // Overwrite the middle of the archive (inside document.xml's deflate data).
  const auto at = zip.find("word/document.xml") + 17 + 40;
  for (std::size_t i = 0; i < 16; ++i) zip[at + i] = static_cast<char>(0xFF);
  return zip;
}

struct Case {
  const char* behaviour;
  std::function<std::string()> input;
  Limits limits;
  ErrorKind kind;
  const char* message;  // substring the user-facing message must contain
};

Limits with(std::function<void(Limits&)> f) {
  Limits l;
  f(l);
  return l;
}

}  // namespace

TEST_SUITE("hostile") {
  TEST_CASE("hostile inputs are refused with a clear 4xx") {
    const std::string pdf = fixture("resume-2page.pdf");
    const std::vector<Case> cases = {
        {"empty file is a bad request", [] { return std::string(); }, {}, ErrorKind::bad_request, "empty"},
        {"file over max_bytes is payload too large",
         [] { return std::string(1024 * 1024 + 1, 'a'); }, with([](Limits& l) { l.max_bytes = 1024 * 1024; }),
         ErrorKind::payload_too_large, "limit is 1.0 MiB"},
        {"random bytes are an unsupported format", [] { return random_bytes(64 * 1024, 7); }, {},
         ErrorKind::unprocessable, "unsupported resume format: expected PDF, DOCX or plain text"},
        {"short random bytes are an unsupported format", [] { return random_bytes(16, 11); }, {},
         ErrorKind::unprocessable, "unsupported resume format"},
        {"PDF cut in the middle (header kept, body and xref lost) is damaged",
         [&] { return pdf.substr(0, pdf.size() / 2); }, {}, ErrorKind::unprocessable, "PDF is damaged"},
        {"PDF magic followed by garbage is damaged", [] { return "%PDF-1.7\n" + random_bytes(4096, 3); }, {},
         ErrorKind::unprocessable, "PDF is damaged"},
        {"password-protected PDF", [] { return fixture("resume-encrypted.pdf"); }, {}, ErrorKind::unprocessable,
         "password-protected"},
        {"ZIP bomb shaped like a DOCX is refused by its declared sizes", zeros_bomb, {}, ErrorKind::unprocessable,
         "expands to more than 20 MiB"},
        {"ZIP bomb lying about its sizes is caught while inflating",
         lying_document_bomb, {}, ErrorKind::unprocessable,
         "expands to more than 20 MiB"},
        {"document.xml alone over the inflate cap is refused",
         [] { return make_docx("<w:p><w:r><w:t>" + std::string(3u << 20, 'a') + "</w:t></w:r></w:p>"); },
         with([](Limits& l) { l.max_docx_uncompressed = 1u << 20; }), ErrorKind::unprocessable,
         "expands to more than 1 MiB"},
        {"ZIP without word/document.xml is not a DOCX",
         [] { return make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<x/>"}}); },
         {}, ErrorKind::unprocessable, "word/document.xml"},
        {"too many ZIP entries",
         [] {
           std::vector<resume_test::ZipEntry> extra;
           for (int i = 0; i < 20; ++i) extra.push_back({"word/media/p" + std::to_string(i) + ".bin", "x"});
           return make_docx("<w:p/>", extra);
         },
         with([](Limits& l) { l.max_docx_entries = 10; }), ErrorKind::unprocessable, "limit is 10"},
        {"deeply nested XML is refused", [] { return make_docx(nested_xml(5000)); }, {}, ErrorKind::unprocessable,
         "nested deeper than 256"},
        {"malformed XML in document.xml", [] { return make_docx("<w:p><w:r><w:t>oops</w:r>"); }, {},
         ErrorKind::unprocessable, "not well-formed XML"},
        {"corrupt deflate data in document.xml", corrupt_deflate, {}, ErrorKind::unprocessable, "DOCX"},
        {"truncated ZIP", [] { const auto z = make_docx("<w:p/>"); return z.substr(0, z.size() - 30); }, {},
         ErrorKind::unprocessable, "DOCX is damaged"},
    };
    for (const Case& c : cases) {
      const std::string behaviour = c.behaviour;
      CAPTURE(behaviour);
      const std::string input = c.input();
      const auto r = extract_text(input, c.limits);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().kind == c.kind);
      CHECK_MESSAGE(contains(r.error().message, c.message), r.error().message);
    }
  }

  TEST_CASE("premise: the lying bomb's directory really claims 100 bytes for document.xml") {
    const std::string bomb = lying_document_bomb();
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bomb.data(), bomb.size(), 0, &error);
    zip_t* zip = zip_open_from_source(src, ZIP_RDONLY, &error);
    REQUIRE(zip != nullptr);
    zip_stat_t st;
    REQUIRE(zip_stat(zip, "word/document.xml", 0, &st) == 0);
    CHECK(st.size == 100);
    zip_discard(zip);
    zip_error_fini(&error);
  }

  TEST_CASE("nesting just under the depth cap is accepted") {
    const auto r = extract_text(make_docx(nested_xml(100)));
    REQUIRE(r.ok());
    CHECK(r->text == "deep");
  }

  TEST_CASE("exactly max_bytes is accepted; one byte more is not") {
    Limits l;
    l.max_bytes = 64;
    CHECK(extract_text(std::string(64, 'a'), l).ok());
    CHECK(extract_text(std::string(65, 'a'), l).error().kind == ErrorKind::payload_too_large);
  }

  TEST_CASE("huge text is truncated at max_chars code points with multi-byte characters intact") {
    // 3 code points, 1+2+3 bytes, repeated: a byte cut would split a character.
    std::string huge;
    for (int i = 0; i < 5000; ++i) huge += "aŁ日";
    const auto r = extract_text(huge);
    REQUIRE(r.ok());
    CHECK(r->truncated);
    CHECK(detail::count_code_points(r->text) == 10000);
    CHECK(detail::is_valid_utf8(r->text));
    CHECK(huge.compare(0, r->text.size(), r->text) == 0);  // a prefix of the input
    CHECK(r->text.substr(r->text.size() - 4) == "日a");  // 10000 = 3*3333 + 1: the cut falls before a 'Ł'
  }

  TEST_CASE("text at exactly max_chars is not flagged truncated") {
    const auto r = extract_text(std::string(10000, 'x'));
    REQUIRE(r.ok());
    CHECK_FALSE(r->truncated);
    CHECK(r->text.size() == 10000);
  }
}
