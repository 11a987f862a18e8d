#pragma once
// Format detection by content only: file names and declared content types
// are chosen by the uploader and prove nothing.
#include <optional>
#include <string_view>

#include "resume/resume_text.hpp"

namespace interview::resume::detail {

// pdf: "%PDF-" within the first 1024 bytes (readers tolerate leading junk).
// docx: a ZIP local-file or empty-archive signature; whether the archive
//       really holds word/document.xml is checked by the DOCX extractor,
//       which has to open the central directory anyway.
// text: readable UTF-8 / UTF-16-with-BOM (see looks_like_text).
// nullopt: anything else.
std::optional<Format> detect_format(std::string_view bytes);

}  // namespace interview::resume::detail
