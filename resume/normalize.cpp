#include "resume/normalize.hpp"

#include "resume/utf8.hpp"

namespace interview::resume::detail {
namespace {

constexpr char32_t kSoftHyphen = 0x00AD;

bool is_letter_before_hyphen(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000);
}

// Without ICU we only recognise the common lowercase blocks; anything else
// keeps its hyphen, which is the safe failure.
bool is_lowercase_letter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
         (cp >= 0x100 && cp <= 0x17F && (cp & 1)) || (cp >= 0x430 && cp <= 0x45F);
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string expand_ligatures(std::string_view s) {
  static constexpr std::string_view kExpansions[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    if (d.valid && d.cp >= 0xFB00 && d.cp <= 0xFB06) out.append(kExpansions[d.cp - 0xFB00]);
    else out.append(s.substr(i, d.len));
    i += d.len;
  }
  return out;
}

std::string join_hyphenated_lines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char32_t prev = 0;  // last code point copied to out
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    const bool hyphen = d.cp == '-' || d.cp == 0x2010 || d.cp == kSoftHyphen;
    if (hyphen && is_letter_before_hyphen(prev)) {
      // Look past blanks, one line break and the next line's indentation.
      std::size_t j = i + d.len;
      while (j < s.size() && is_blank(s[j])) ++j;
      if (j < s.size() && (s[j] == '\n' || s[j] == '\r')) {
        j += (s[j] == '\r' && j + 1 < s.size() && s[j + 1] == '\n') ? 2 : 1;
        while (j < s.size() && is_blank(s[j])) ++j;
        if (j < s.size()) {
          const Decoded next = decode_utf8(s, j);
          if (d.cp == kSoftHyphen || is_lowercase_letter(next.cp)) {
            i = j;  // drop hyphen + break; the next word continues this one
            continue;
          }
        }
      }
    }
    out.append(s.substr(i, d.len));
    prev = d.cp;
    i += d.len;
  }
  return out;
}

std::string normalize_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pending_newlines = 0;  // emitted lazily so trailing blanks and extra blank lines vanish
  std::string pending_blanks;
  const auto emit = [&](std::string_view text) {
    // Leading whitespace of the text and of each line is dropped; blanks
    // inside a line (table-cell tabs, word gaps) are kept.
    if (out.empty()) {
    } else if (pending_newlines > 0) {
      out.append(pending_newlines > 1 ? "\n\n" : "\n");
    } else {
      out += pending_blanks;
    }
    pending_newlines = 0;
    pending_blanks.clear();
    out.append(text);
  };
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    const std::string_view bytes = s.substr(i, d.len);
    i += d.len;
    const char32_t cp = d.cp;
    if (cp == '\r') {
      if (i < s.size() && s[i] == '\n') ++i;
      ++pending_newlines; pending_blanks.clear();
    } else if (cp == '\n' || cp == '\f' || cp == '\v' || cp == 0x2028 || cp == 0x2029) {
      ++pending_newlines; pending_blanks.clear();
    } else if (cp == ' ' || cp == '\t' || cp == 0xA0) {
      pending_blanks += cp == '\t' ? '\t' : ' ';
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF || cp == kSoftHyphen) {
      // invisible or control: drop
    } else {
      emit(bytes);
    }
  }
  return out;
}

}  // namespace interview::resume::detail
