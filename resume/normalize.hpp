#pragma once
// Clean-up applied to extracted text before it reaches a prompt.
#include <string>
#include <string_view>

namespace interview::resume::detail {

// Expands typographic ligatures (U+FB00..U+FB06) that PDF fonts often map
// to single code points, so "ﬁnance" matches "finance".
std::string expand_ligatures(std::string_view utf8);

// Joins words hyphenated at a line end by a typesetter: "experi-\nence" →
// "experience". Only when a letter precedes the hyphen and a lowercase letter
// follows the line break, so "Jean-\nPierre" and list dashes are kept.
// A soft hyphen (U+00AD) at a line end always joins.
std::string join_hyphenated_lines(std::string_view utf8);

// Final pass for every format (input must be valid UTF-8): CR/CRLF/FF → LF,
// control characters, BOMs and soft hyphens removed, NBSP → space, trailing
// blanks trimmed per line, runs of blank lines collapsed to one, ends trimmed.
std::string normalize_whitespace(std::string_view utf8);

}  // namespace interview::resume::detail
