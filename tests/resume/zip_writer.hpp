#pragma once
// Builds ZIP archives in memory with libzip so tests can craft hostile DOCX
// files (bombs, missing parts, odd XML) instead of committing binaries.
#include <string>
#include <utility>
#include <vector>

namespace resume_test {

struct ZipEntry {
  std::string name;
  std::string data;
};

// Deflate-compressed archive holding `entries` in order.
std::string make_zip(const std::vector<ZipEntry>& entries);

// A minimal DOCX: [Content_Types].xml + word/document.xml with `body_xml`
// inside <w:body>, plus any `extra` parts (e.g. headers).
std::string make_docx(const std::string& body_xml, const std::vector<ZipEntry>& extra = {});

// Wraps a body in the w:document root with the usual namespaces.
std::string document_xml(const std::string& body_xml);

// Rewrites the declared uncompressed size of every entry (local headers and
// central directory) to `size`: a bomb that lies about how big it is.
std::string lie_about_sizes(std::string zip, unsigned size);

}  // namespace resume_test
