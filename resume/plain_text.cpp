#include "resume/plain_text.hpp"

#include "resume/utf8.hpp"

namespace interview::resume::detail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

enum class Encoding { utf8, utf16le, utf16be };

Encoding sniff(std::string_view& b) {
  if (b.substr(0, 3) == kUtf8Bom) { b.remove_prefix(3); return Encoding::utf8; }
  if (b.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(b[0]), b1 = static_cast<unsigned char>(b[1]);
    if (b0 == 0xFF && b1 == 0xFE) { b.remove_prefix(2); return Encoding::utf16le; }
    if (b0 == 0xFE && b1 == 0xFF) { b.remove_prefix(2); return Encoding::utf16be; }
  }
  return Encoding::utf8;
}

// Calls f(code_point, valid) for each UTF-16 code unit sequence; lone
// surrogates and an odd trailing byte are reported as invalid.
template <class F>
void each_utf16(std::string_view b, bool little_endian, F&& f) {
  const auto unit = [&](std::size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(b[i]), c = static_cast<unsigned char>(b[i + 1]);
    return little_endian ? (char32_t(c) << 8 | a) : (char32_t(a) << 8 | c);
  };
  std::size_t i = 0;
  for (; i + 1 < b.size(); i += 2) {
    const char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < b.size()) {
      const char32_t v = unit(i + 2);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        f(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), true);
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) f(kReplacement, false);
    else f(u, true);
  }
  if (i < b.size()) f(kReplacement, false);
}

bool is_suspicious_control(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

}  // namespace

bool looks_like_text(std::string_view b) {
  // RTF is text-shaped but its markup would reach the interviewer as noise.
  if (b.substr(0, 5) == "{\\rtf") return false;
  const Encoding enc = sniff(b);
  std::size_t total = 0, bad = 0;
  bool nul = false;
  const auto count = [&](char32_t cp, bool valid) {
    ++total;
    if (cp == 0) nul = true;
    if (!valid || is_suspicious_control(cp)) ++bad;
  };
  if (enc == Encoding::utf8) {
    for (std::size_t i = 0; i < b.size();) {
      const Decoded d = decode_utf8(b, i);
      count(d.cp, d.valid);
      i += d.len;
    }
  } else {
    each_utf16(b, enc == Encoding::utf16le, count);
  }
  if (nul) return false;
  if (total == 0) return true;  // only a BOM: text, and empty (reported later)
  return bad * 5 <= total;  // at most 20% junk
}

std::string decode_plain_text(std::string_view b) {
  const Encoding enc = sniff(b);
  if (enc == Encoding::utf8) return sanitize_utf8(b);
  std::string out;
  out.reserve(b.size());
  each_utf16(b, enc == Encoding::utf16le, [&](char32_t cp, bool) { append_utf8(out, cp); });
  return out;
}

}  // namespace interview::resume::detail
