// DOCX text: libzip for the container, pugixml for WordprocessingML.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <pugixml.hpp>
#include <zip.h>

#include "resume/extractor.hpp"

namespace interview::resume::detail {
namespace {

constexpr const char* kMainPart = "word/document.xml";

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: never write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

// Counts every inflated byte across all parts: the declared sizes in the
// central directory are attacker-controlled, the inflater's output is not.
class InflateBudget {
 public:
  explicit InflateBudget(std::size_t cap) : left_(cap), cap_(cap) {}
  bool take(std::size_t n) {
    if (n > left_) return false;
    left_ -= n;
    return true;
  }
  std::size_t cap() const { return cap_; }

 private:
  std::size_t left_;
  std::size_t cap_;
};

std::string mib(std::size_t bytes) {
  return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

Error zip_bomb(std::size_t cap) {
  return unprocessable("DOCX expands to more than " + mib(cap) + " when unpacked; refusing it");
}

Result<std::string> read_entry(zip_t* zip, zip_uint64_t index, const char* name, InflateBudget& budget,
                               const Deadline& deadline) {
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(zip, index, 0));
  if (!f) return unprocessable(std::string("DOCX part ") + name + " cannot be read (damaged or encrypted archive)");
  std::string data;
  char buf[64 * 1024];
  for (;;) {
    const zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
    if (n < 0) return unprocessable(std::string("DOCX is damaged: ") + name + " does not decompress");
    if (n == 0) break;
    if (!budget.take(static_cast<std::size_t>(n))) return zip_bomb(budget.cap());
    data.append(buf, static_cast<std::size_t>(n));
    if (deadline.expired()) return over_time_budget(deadline);
  }
  return data;
}

std::string_view local_name(const char* qualified) {
  const char* colon = std::strrchr(qualified, ':');
  return colon ? std::string_view(colon + 1) : std::string_view(qualified);
}

bool is_element(const pugi::xml_node& n) { return n.type() == pugi::node_element; }

// Rejects XML nested deeper than the cap before any walk, iteratively, so a
// hostile file cannot exhaust the stack of whoever walks the tree later.
bool within_depth(const pugi::xml_document& doc, std::size_t max_depth) {
  std::size_t depth = 0;
  pugi::xml_node n = doc.first_child();
  while (n) {
    if (n.first_child()) {
      n = n.first_child();
      if (++depth > max_depth) return false;
      continue;
    }
    while (n && !n.next_sibling()) {
      n = n.parent();
      if (depth == 0) return true;  // back at the document node
      --depth;
    }
    if (n) n = n.next_sibling();
  }
  return true;
}

// mc:AlternateContent carries the same content twice (mc:Choice for new
// readers, mc:Fallback for old ones, e.g. a text box as DrawingML and as
// VML): read exactly one, preferring the first Choice.
pugi::xml_node chosen_alternative(const pugi::xml_node& alternate_content) {
  pugi::xml_node fallback;
  for (pugi::xml_node c = alternate_content.first_child(); c; c = c.next_sibling()) {
    if (!is_element(c)) continue;
    const std::string_view name = local_name(c.name());
    if (name == "Choice") return c;
    if (name == "Fallback" && !fallback) fallback = c;
  }
  return fallback;
}

bool skip_subtree(const pugi::xml_node& n) {
  const std::string_view name = local_name(n.name());
  // Properties (pPr, rPr, sectPr, tblPr, ... ) hold tab-stop definitions and
  // the like, not text. Deleted / moved-away text and field instructions
  // (HYPERLINK "https://...") are not what the reader sees.
  if (name.size() >= 2 && name.substr(name.size() - 2) == "Pr") return true;
  if (name == "tblGrid" || name == "delText" || name == "instrText" || name == "delInstrText" ||
      name == "moveFrom" || name == "del") {
    return true;
  }
  const pugi::xml_node parent = n.parent();
  if (parent && local_name(parent.name()) == "AlternateContent") return n != chosen_alternative(parent);
  return false;
}

pugi::xml_node first_element(pugi::xml_node n) {
  while (n && (!is_element(n) || skip_subtree(n))) n = n.next_sibling();
  return n;
}

void pop_trailing(std::string& out, char c) {
  if (!out.empty() && out.back() == c) out.pop_back();
}

bool has_list_numbering(const pugi::xml_node& paragraph) {
  for (pugi::xml_node c = paragraph.first_child(); c; c = c.next_sibling()) {
    if (local_name(c.name()) != "pPr") continue;
    for (pugi::xml_node p = c.first_child(); p; p = p.next_sibling()) {
      if (local_name(p.name()) == "numPr") return true;
    }
  }
  return false;
}

// Returns false when the element's children should not be visited.
bool enter(const pugi::xml_node& n, std::string& out) {
  const std::string_view name = local_name(n.name());
  if (name == "t") {  // w:t, and a:t / m:t for DrawingML and math text
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    }
    return false;
  }
  if (name == "tab" || name == "ptab") out += '\t';
  else if (name == "br" || name == "cr") out += '\n';
  else if (name == "noBreakHyphen") out += '-';
  else if (name == "p" && has_list_numbering(n)) out += "- ";  // list item (numbering via styles is not resolved)
  else if (name == "txbxContent") out += '\n';  // a text box starts on its own line
  return true;
}

void leave(const pugi::xml_node& n, std::string& out) {
  const std::string_view name = local_name(n.name());
  if (name == "p") {
    out += '\n';
  } else if (name == "tc") {  // cells of one row on one line, tab-separated
    pop_trailing(out, '\n');
    out += '\t';
  } else if (name == "tr") {
    pop_trailing(out, '\t');
    out += '\n';
  }
}

// Document-order walk without recursion (depth was capped, but the cap is
// configurable and a thread's stack is not).
std::string part_text(const pugi::xml_node& root) {
  std::string out;
  pugi::xml_node cur = first_element(root.first_child());
  while (cur) {
    if (enter(cur, out)) {
      if (const pugi::xml_node child = first_element(cur.first_child())) {
        cur = child;
        continue;
      }
    }
    while (cur) {
      leave(cur, out);
      if (const pugi::xml_node sibling = first_element(cur.next_sibling())) {
        cur = sibling;
        break;
      }
      cur = cur.parent();
      if (cur == root) cur = pugi::xml_node();
    }
  }
  return out;
}

// word/header12.xml → ("header", 12), so header2 sorts before header10.
bool header_footer_part(std::string_view name, int& kind, long& number) {
  for (int k = 0; k < 2; ++k) {
    const std::string_view prefix = k == 0 ? "word/header" : "word/footer";
    if (name.substr(0, prefix.size()) != prefix || name.size() < prefix.size() + 4 ||
        name.substr(name.size() - 4) != ".xml") {
      continue;
    }
    const std::string_view digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (digits.size() > 9 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    kind = k;
    number = digits.empty() ? 0 : std::stol(std::string(digits));
    return true;
  }
  return false;
}

struct Part {
  int kind;
  long number;
  zip_uint64_t index;
  std::string name;
};

}  // namespace

Result<std::string> docx_part_text(std::string& xml, const char* name, const Limits& limits) {
  pugi::xml_document doc;
  // parse_ws_pcdata_single keeps <w:t xml:space="preserve"> </w:t>, the
  // space between two differently formatted runs. pugixml never expands
  // DTD entities, so entity-expansion bombs do not apply.
  const pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) return unprocessable(std::string("DOCX is damaged: ") + name + " is not well-formed XML");
  if (!within_depth(doc, limits.max_xml_depth)) {
    return unprocessable(std::string("DOCX part ") + name + " is nested deeper than " +
                         std::to_string(limits.max_xml_depth) + " levels");
  }
  return part_text(doc.document_element());
}

Result<std::string> extract_docx(std::string_view bytes, const Limits& limits, const Deadline& deadline) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return unprocessable("DOCX cannot be opened");
  }
  ZipPtr zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!zip) {
    zip_source_free(source);  // only freed by us when open failed
    return unprocessable("DOCX is damaged: not a readable ZIP archive");
  }

  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0) return unprocessable("DOCX is damaged: unreadable ZIP directory");
  if (static_cast<zip_uint64_t>(entries) > limits.max_docx_entries) {
    return unprocessable("DOCX has " + std::to_string(entries) + " parts; the limit is " +
                         std::to_string(limits.max_docx_entries));
  }
  // Declared sizes first: refuses an obvious bomb before inflating anything.
  std::size_t declared = 0;
  std::vector<Part> extra_parts;
  bool has_main = false;
  zip_uint64_t main_index = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(entries); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), i, 0, &st) != 0) return unprocessable("DOCX is damaged: unreadable ZIP directory");
    if (st.valid & ZIP_STAT_SIZE) {
      if (st.size > limits.max_docx_uncompressed - std::min<std::size_t>(declared, limits.max_docx_uncompressed)) {
        return zip_bomb(limits.max_docx_uncompressed);
      }
      declared += static_cast<std::size_t>(st.size);
    }
    if (!(st.valid & ZIP_STAT_NAME) || !st.name) continue;
    const std::string_view name(st.name);
    int kind = 0;
    long number = 0;
    if (name == kMainPart) {
      has_main = true;
      main_index = i;
    } else if (header_footer_part(name, kind, number)) {
      extra_parts.push_back(Part{kind, number, i, std::string(name)});
    }
  }
  if (!has_main) {
    return unprocessable(
        "unsupported resume format: ZIP archive without word/document.xml is not a DOCX "
        "(expected PDF, DOCX or plain text)");
  }

  InflateBudget budget(limits.max_docx_uncompressed);
  Result<std::string> main_xml = read_entry(zip.get(), main_index, kMainPart, budget, deadline);
  if (!main_xml) return main_xml.error();
  Result<std::string> text = docx_part_text(*main_xml, kMainPart, limits);
  if (!text) return text;

  // Headers and footers after the body: contact details often live there.
  std::sort(extra_parts.begin(), extra_parts.end(), [](const Part& a, const Part& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.number < b.number;
  });
  std::vector<std::string> seen;  // first/even/default headers often repeat the same text
  for (const Part& part : extra_parts) {
    if (deadline.expired()) return over_time_budget(deadline);
    Result<std::string> xml = read_entry(zip.get(), part.index, part.name.c_str(), budget, deadline);
    if (!xml) return xml.error();
    Result<std::string> part_text = docx_part_text(*xml, part.name.c_str(), limits);
    if (!part_text) return part_text;
    if (std::find(seen.begin(), seen.end(), *part_text) != seen.end()) continue;
    seen.push_back(*part_text);
    *text += "\n\n";
    *text += *part_text;
  }
  return text;
}

}  // namespace interview::resume::detail
