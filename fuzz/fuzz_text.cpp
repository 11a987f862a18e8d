// Plain-text path and the text helpers: detection heuristic, decoding,
// ligatures, de-hyphenation, whitespace normalization, truncation.
#include <string>
#include <string_view>

#include "resume/normalize.hpp"
#include "resume/plain_text.hpp"
#include "resume/truncate.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  using namespace interview::resume::detail;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)looks_like_text(bytes);
  const std::string decoded = decode_plain_text(bytes);
  resume_fuzz::require(is_valid_utf8(decoded), "decoded text is valid UTF-8");
  // The helpers must keep valid UTF-8 valid whatever the content.
  std::string text = normalize_whitespace(join_hyphenated_lines(expand_ligatures(decoded)));
  resume_fuzz::require(is_valid_utf8(text), "normalized text is valid UTF-8");
  resume_fuzz::require(normalize_whitespace(text) == text, "normalization is idempotent");
  const std::size_t cap = size % 64;
  const std::size_t before = count_code_points(text);
  const bool cut = truncate_to_code_points(text, cap);
  resume_fuzz::require(cut == (before > cap), "truncated flag is exact");
  resume_fuzz::check_text(text, cap);
  return 0;
}
