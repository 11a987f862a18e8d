#include "http/json_io.hpp"

#include "http/error_mapping.hpp"

namespace interview::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 from a client is replaced, never a thrown exception.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& detail) {
  send_json(res, status, {{"detail", detail}, {"message", detail}});
}

void send_error(httplib::Response& res, const Error& error) {
  if (error.retry_after.count() > 0)
    res.set_header("Retry-After", std::to_string((error.retry_after.count() + 999) / 1000));
  send_error(res, status_for(error.kind), error.message);
}

Result<nlohmann::json> parse_json_object(const httplib::Request& req) {
  if (req.body.empty()) return make_error(ErrorKind::bad_request, "request body must be a JSON object");
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) return make_error(ErrorKind::bad_request, "request body is not valid JSON");
  if (!body.is_object()) return make_error(ErrorKind::bad_request, "request body must be a JSON object");
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
