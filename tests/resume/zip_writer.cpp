#include "zip_writer.hpp"

#include <cstdio>
#include <stdexcept>

#include <zip.h>

namespace resume_test {

std::string make_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!buffer) throw std::runtime_error("zip_source_buffer_create");
  zip_source_keep(buffer);  // survive zip_close so the bytes can be read back
  zip_t* zip = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (!zip) throw std::runtime_error("zip_open_from_source");
  for (const ZipEntry& e : entries) {
    zip_source_t* data = zip_source_buffer(zip, e.data.data(), e.data.size(), 0);
    const zip_int64_t index = zip_file_add(zip, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) throw std::runtime_error("zip_file_add " + e.name);
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
  }
  if (zip_close(zip) != 0) throw std::runtime_error("zip_close");
  std::string out;
  if (zip_source_open(buffer) != 0) throw std::runtime_error("zip_source_open");
  zip_source_seek(buffer, 0, SEEK_END);
  out.resize(static_cast<std::size_t>(zip_source_tell(buffer)));
  zip_source_seek(buffer, 0, SEEK_SET);
  zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

std::string document_xml(const std::string& body_xml) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
         "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
         "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "
         "xmlns:v=\"urn:schemas-microsoft-com:vml\">"
         "<w:body>" + body_xml + "</w:body></w:document>";
}

std::string make_docx(const std::string& body_xml, const std::vector<ZipEntry>& extra) {
  std::vector<ZipEntry> entries{
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"word/document.xml", document_xml(body_xml)}};
  entries.insert(entries.end(), extra.begin(), extra.end());
  return make_zip(entries);
}

namespace {
unsigned read_u32(const std::string& s, std::size_t at) {
  return static_cast<unsigned>(static_cast<unsigned char>(s[at])) |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<unsigned>(static_cast<unsigned char>(s[at + 3])) << 24;
}
void write_u32(std::string& s, std::size_t at, unsigned v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
}  // namespace

std::string lie_about_sizes(std::string zip, unsigned size) {
  // Signatures: local file header PK\3\4 (size at +22), central directory
  // header PK\1\2 (size at +24). Compressed sizes stay true.
  for (std::size_t i = 0; i + 46 <= zip.size(); ++i) {
    const unsigned sig = read_u32(zip, i);
    if (sig == 0x04034b50) write_u32(zip, i + 22, size);
    else if (sig == 0x02014b50) write_u32(zip, i + 24, size);
  }
  return zip;
}

}  // namespace resume_test
