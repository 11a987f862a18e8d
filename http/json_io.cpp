#include "http/json_io.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "resume/utf8.hpp"
#include "http/error_mapping.hpp"

namespace interview::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 from a client is replaced, never a thrown exception.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

namespace {

std::string new_error_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = random();
  for (auto& ch : id) {
    ch = hex[bits & 15];
    bits >>= 4;
  }
  return id;
}

// Marks each invalid UTF-8 sequence with the escape \u0001 (never a raw byte
// of valid JSON text), so the body still parses and the field can be named.
std::string mark_invalid_utf8(std::string_view body) {
  std::string out;
  out.reserve(body.size() + 16);
  for (std::size_t i = 0; i < body.size();) {
    auto d = resume::detail::decode_utf8(body, i);
    if (d.valid)
      out.append(body.substr(i, d.len));
    else
      out += "\\u0001";
    i += d.len;
  }
  return out;
}

// The first field (dotted path) whose name or string value holds a mark.
std::string marked_field(const nlohmann::json& j, const std::string& path) {
  const std::string mark = "\x01";
  if (j.is_string()) return j.get_ref<const std::string&>().find(mark) != std::string::npos ? path : "";
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      std::string here = path.empty() ? key : path + "." + key;
      if (key.find(mark) != std::string::npos) return here;
      if (auto found = marked_field(value, here); !found.empty()) return found;
    }
  }
  if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = marked_field(j[i], path + "[" + std::to_string(i) + "]"); !found.empty()) return found;
  }
  return "";
}

}  // namespace

nlohmann::json error_body(const std::string& detail) { return {{"detail", detail}, {"message", detail}}; }

void send_error(httplib::Response& res, ErrorKind kind, const std::string& detail) {
  send_json(res, status_for(kind), error_body(detail));
}

void send_internal_error(httplib::Response& res, const std::string& what) {
  std::string id = new_error_id();
  spdlog::error("internal error {}: {}", id, what);
  auto body = error_body("internal error (error id " + id + ")");
  body["error_id"] = id;
  send_json(res, status_for(ErrorKind::internal), body);
}

void send_error(httplib::Response& res, const Error& error) {
  if (error.kind == ErrorKind::internal) return send_internal_error(res, error.message);
  if (error.retry_after.count() > 0)
    res.set_header("Retry-After", std::to_string((error.retry_after.count() + 999) / 1000));
  send_error(res, error.kind, error.message);
}

Result<nlohmann::json> parse_json_object(const httplib::Request& req) {
  if (req.body.empty()) return make_error(ErrorKind::bad_request, "request body must be a JSON object");
  bool valid_utf8 = resume::detail::is_valid_utf8(req.body);
  auto body = nlohmann::json::parse(valid_utf8 ? req.body : mark_invalid_utf8(req.body), nullptr, false);
  if (body.is_discarded()) return make_error(ErrorKind::bad_request, "request body is not valid JSON");
  if (!body.is_object()) return make_error(ErrorKind::bad_request, "request body must be a JSON object");
  if (!valid_utf8) {
    std::string field = marked_field(body, "");
    return make_error(ErrorKind::unprocessable,
                      field.empty() ? "request body is not valid UTF-8" : "field is not valid UTF-8: " + field);
  }
  return body;
}

Result<std::string> string_field(const nlohmann::json& body, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return make_error(ErrorKind::unprocessable, "field required: " + name);
  if (!it->is_string()) return make_error(ErrorKind::unprocessable, "field must be a string: " + name);
  if (it->get_ref<const std::string&>().empty())
    return make_error(ErrorKind::unprocessable, "field must not be empty: " + name);
  return it->get<std::string>();
}

}  // namespace interview::http
