#include "resume/truncate.hpp"

namespace interview::resume::detail {

bool truncate_to_code_points(std::string& text, std::size_t max_chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: same character
    if (seen == max_chars) {           // i is the first byte of character max_chars+1
      text.resize(i);
      return true;
    }
    ++seen;
  }
  return false;
}

}  // namespace interview::resume::detail
