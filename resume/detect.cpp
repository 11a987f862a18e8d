#include "resume/detect.hpp"

#include "resume/plain_text.hpp"

namespace interview::resume::detail {

std::optional<Format> detect_format(std::string_view bytes) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::pdf;
  const std::string_view head = bytes.substr(0, 4);
  if (head == std::string_view("PK\x03\x04", 4) || head == std::string_view("PK\x05\x06", 4)) return Format::docx;
  if (looks_like_text(bytes)) return Format::text;
  return std::nullopt;
}

}  // namespace interview::resume::detail
