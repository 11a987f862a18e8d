#include "gcp/firestore/field_path.hpp"

namespace interview::gcp {
namespace {

bool is_simple(const std::string& s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(letter || (i > 0 && digit))) return false;
  }
  return true;
}

}  // namespace

std::string quote_segment(const std::string& segment) {
  if (is_simple(segment)) return segment;
  std::string out = "`";
  for (char c : segment) {
    if (c == '`' || c == '\\') out += '\\';
    out += c;
  }
  out += '`';
  return out;
}

std::string top_level_path(const std::string& field) { return quote_segment(field); }

std::string dotted_path(const std::string& field) {
  std::string out, segment;
  for (char c : field) {
    if (c == '.') {
      out += (out.empty() ? "" : ".") + quote_segment(segment);
      segment.clear();
    } else {
      segment += c;
    }
  }
  out += (out.empty() ? "" : ".") + quote_segment(segment);
  return out;
}

std::string join_segments(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : ".") + quote_segment(s);
  return out;
}

}  // namespace interview::gcp
