#pragma once
// JSON in and out of cpp-httplib requests: every body we send is JSON, every
// error carries `detail` and `message` with the same text (the frontend reads
// one or the other).
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"

namespace interview::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, ErrorKind kind, const std::string& detail);
// Internal errors answer 500 "internal error" with an error id; the text of
// what went wrong goes only to the log line, which carries the same id.
void send_error(httplib::Response& res, const Error& error);
void send_internal_error(httplib::Response& res, const std::string& what);
// {"detail": d, "message": d}
nlohmann::json error_body(const std::string& detail);

// The body as a JSON object, or a 400/415-style error value; invalid UTF-8 in
// a field is a 422 naming the field.
Result<nlohmann::json> parse_json_object(const httplib::Request& req);
// A required non-empty string field of a JSON object.
Result<std::string> string_field(const nlohmann::json& body, const std::string& name);

}  // namespace interview::http
