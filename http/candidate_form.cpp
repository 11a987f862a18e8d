#include "http/candidate_form.hpp"

#include <algorithm>

#include "resume/utf8.hpp"

namespace interview::http {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Result<std::string> text_field(const httplib::Request& req, const std::string& name) {
  if (!req.has_file(name)) return make_error(ErrorKind::unprocessable, "field required: " + name);
  std::string value = trim(req.get_file_value(name).content);
  if (!resume::detail::is_valid_utf8(value))
    return make_error(ErrorKind::unprocessable, "field is not valid UTF-8: " + name);
  if (value.empty()) return make_error(ErrorKind::unprocessable, "field must not be empty: " + name);
  if (value.size() > kMaxFieldLength)
    return make_error(ErrorKind::unprocessable,
                      "field too long: " + name + " (at most " + std::to_string(kMaxFieldLength) + " bytes)");
  return value;
}

}  // namespace

bool looks_like_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) return false;
  auto domain = e.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  if (domain.find("..") != std::string_view::npos) return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '<' || c == '>' || c == ',' ||
           static_cast<unsigned char>(c) < 0x20;
  });
}

Result<actors::new_user_msg> read_candidate_form(const httplib::Request& req, const resume::Limits& limits) {
  if (!req.is_multipart_form_data())
    return make_error(ErrorKind::bad_request, "expected multipart/form-data with the candidate's fields and resume");
  actors::new_user_msg m;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"first_name", &m.first_name},
                           {"last_name", &m.last_name},
                           {"email", &m.email},
                           {"phone", &m.phone}}) {
    auto v = text_field(req, name);
    if (!v) return v.error();
    *out = std::move(*v);
  }
  if (!looks_like_email(m.email)) return make_error(ErrorKind::unprocessable, "email is not a valid email address");
  if (!req.has_file("resume")) return make_error(ErrorKind::unprocessable, "field required: resume (a PDF, DOCX or text file)");
  auto file = req.get_file_value("resume");
  auto extracted = resume::extract_text(file.content, limits);
  if (!extracted) return extracted.error();
  m.resume_text = std::move(extracted->text);
  m.resume_format = resume::format_name(extracted->format);
  m.resume_bytes = std::move(file.content);
  return m;
}

}  // namespace interview::http
