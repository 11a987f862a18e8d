// UTF-8 helpers, normalization and truncation: the byte-level rules every
// extractor relies on.
#include <doctest/doctest.h>

#include "resume/normalize.hpp"
#include "resume/truncate.hpp"
#include "resume/utf8.hpp"

using namespace interview::resume::detail;

static const std::string kFffd = "\xEF\xBF\xBD";

TEST_SUITE("utf8") {
  TEST_CASE("valid UTF-8 passes through sanitize unchanged") {
    const std::string s = "Łódź 日本語 😀 plain";
    CHECK(is_valid_utf8(s));
    CHECK(sanitize_utf8(s) == s);
  }

  TEST_CASE("each invalid sequence becomes one U+FFFD instead of vanishing") {
    CHECK(sanitize_utf8("a\xFF" "b") == "a" + kFffd + "b");              // invalid byte
    CHECK(sanitize_utf8("a\x80\x80" "b") == "a" + kFffd + kFffd + "b");  // stray continuations
    CHECK(sanitize_utf8("a\xE6\x97" "b") == "a" + kFffd + "b");          // truncated 3-byte = one maximal subpart
    CHECK(sanitize_utf8("\xC0\xAF") == kFffd + kFffd);                   // overlong '/'
    CHECK(sanitize_utf8("\xED\xA0\x80") == kFffd + kFffd + kFffd);       // UTF-16 surrogate encoded in UTF-8
    CHECK(sanitize_utf8("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
    CHECK(sanitize_utf8("end\xE2") == "end" + kFffd);                    // cut at the end of input
    CHECK(is_valid_utf8(sanitize_utf8("\xFE\xFF\xC3")));
  }

  TEST_CASE("code points are counted, not bytes") {
    CHECK(count_code_points("Łódź") == 4);
    CHECK(count_code_points("日本語") == 3);
    CHECK(count_code_points("😀a") == 2);
  }

  TEST_CASE("truncation cuts on a character boundary and reports it") {
    std::string s = "ab日本語😀";
    CHECK(truncate_to_code_points(s, 4));
    CHECK(s == "ab日本");
    std::string t = "Łódź";
    CHECK_FALSE(truncate_to_code_points(t, 4));  // exactly at the cap: not truncated
    CHECK(t == "Łódź");
    std::string e = "😀😀";
    CHECK(truncate_to_code_points(e, 1));
    CHECK(e == "😀");
    CHECK(is_valid_utf8(e));
  }

  TEST_CASE("ligature code points expand to their letters") {
    CHECK(expand_ligatures("\uFB01nance \uFB02ow \uFB00 \uFB03x \uFB04y") == "finance flow ff ffix ffly");
  }

  TEST_CASE("a word hyphenated at a line end is joined; real hyphens are kept") {
    CHECK(join_hyphenated_lines("experi-\nence in C++") == "experience in C++");
    CHECK(join_hyphenated_lines("experi-  \n   ence") == "experience");      // blanks around the break
    CHECK(join_hyphenated_lines("do\xC5\x9Bwiad-\nczenie") == "do\xC5\x9Bwiadczenie");
    CHECK(join_hyphenated_lines("Jean-\nPierre") == "Jean-\nPierre");        // capital: a name, keep
    CHECK(join_hyphenated_lines("2019-\n2024") == "2019-\n2024");            // digits: a range, keep
    CHECK(join_hyphenated_lines("skills:\n- C++\n- Go") == "skills:\n- C++\n- Go");  // list dashes
    CHECK(join_hyphenated_lines("state-of-the-art") == "state-of-the-art");
    CHECK(join_hyphenated_lines("Perfor\u00AD\nMance") == "PerforMance");     // soft hyphen always joins
    CHECK(join_hyphenated_lines("end-") == "end-");
  }

  TEST_CASE("whitespace normalization: line ends, controls, blank-line runs, ends trimmed") {
    CHECK(normalize_whitespace("  a\r\nb\rc\fd  \n") == "a\nb\nc\nd");
    CHECK(normalize_whitespace("a\n\n\n\n\nb") == "a\n\nb");
    CHECK(normalize_whitespace("a \t \nb") == "a\nb");
    CHECK(normalize_whitespace("a\tb  c") == "a\tb  c");                      // inner blanks kept (table cells)
    CHECK(normalize_whitespace("a\x01\x1B" "b\u00ADc\uFEFF") == "abc");        // controls, soft hyphen, BOM
    CHECK(normalize_whitespace("a\u00A0b") == "a b");
    CHECK(normalize_whitespace(" \n\t\n ").empty());
  }
}
