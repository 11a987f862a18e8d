// The embedded OpenAPI document: valid, complete, and consistent about errors.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "ops/openapi.hpp"

using interview::ops::openapi_document;
using json = nlohmann::json;

namespace {

// Resolves a local "#/a/b" reference.
const json& resolve(const json& doc, const json& node) {
  if (!node.is_object() || !node.contains("$ref")) return node;
  std::string ref = node["$ref"];
  REQUIRE_MESSAGE(ref.rfind("#/", 0) == 0, "non-local $ref " << ref);
  return resolve(doc, doc.at(json::json_pointer(ref.substr(1))));
}

// Every $ref anywhere in the document must point at something.
void check_refs(const json& doc, const json& node, const std::string& where) {
  if (node.is_object()) {
    if (auto it = node.find("$ref"); it != node.end() && it->is_string()) {
      std::string ref = *it;
      INFO("at " << where);
      CHECK_NOTHROW(doc.at(json::json_pointer(ref.substr(1))));
    }
    for (const auto& [k, v] : node.items()) check_refs(doc, v, where + "/" + k);
  } else if (node.is_array()) {
    for (const auto& v : node) check_refs(doc, v, where + "/[]");
  }
}

const std::set<std::string> http_methods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};

}  // namespace

TEST_CASE("the document is OpenAPI 3.0.3 and lists every public route with its method") {
  const json& doc = openapi_document();
  CHECK(doc.at("openapi") == "3.0.3");
  CHECK(doc.at("info").contains("title"));
  CHECK(doc.at("info").contains("version"));
  const std::set<std::pair<std::string, std::string>> routes{
      {"/", "get"},           {"/health", "get"},          {"/health/live", "get"},
      {"/health/ready", "get"}, {"/users/", "post"},        {"/users/join", "post"},
      {"/status/{user_id}", "get"}, {"/users/{user_id}/exit", "post"}, {"/interview/start", "post"},
      {"/interview/respond", "post"}, {"/swot/{user_id}", "get"}, {"/stats", "get"},
      {"/metrics", "get"},    {"/admin", "get"},           {"/openapi.json", "get"},
      {"/admin/api/pause", "post"}, {"/admin/api/resume", "post"}, {"/admin/api/slots", "put"},
      {"/admin/api/sessions/{user_id}/end", "post"}, {"/admin/api/queue/{user_id}", "delete"},
      {"/admin/api/audit", "get"}, {"/admin/api/admission", "get"},
      {"/admin/api/candidates", "get"}, {"/admin/api/candidates/{user_id}", "get"},
      {"/admin/api/candidates/{user_id}/resume", "get"}};
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [method, op] : item.items())
      if (http_methods.count(method)) documented.insert({path, method});
  CHECK(documented == routes);
}

TEST_CASE("every operation has responses; every 4xx/5xx response uses the error schema") {
  const json& doc = openapi_document();
  const json& error = doc.at("/components/schemas/Error"_json_pointer);
  CHECK(error.at("required") == json::array({"detail", "message"}));
  CHECK(error.at("properties").at("detail").at("type") == "string");
  CHECK(error.at("properties").at("message").at("type") == "string");
  int error_responses = 0;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [method, op] : item.items()) {
      if (!http_methods.count(method)) continue;
      INFO(method << " " << path);
      REQUIRE(op.contains("responses"));
      REQUIRE(!op["responses"].empty());
      bool has_success = false;
      for (const auto& [code, response] : op["responses"].items()) {
        INFO("status " << code);
        const json& r = resolve(doc, response);
        CHECK(r.contains("description"));
        if (code[0] == '2') has_success = true;
        if (code[0] == '4' || code[0] == '5') {
          ++error_responses;
          REQUIRE(r.contains("content"));
          CHECK(r["content"].at("application/json").at("schema") == json{{"$ref", "#/components/schemas/Error"}});
        }
      }
      CHECK(has_success);
      // Path parameters are declared.
      if (path.find('{') != std::string::npos) {
        REQUIRE(op.contains("parameters"));
        CHECK(op["parameters"][0]["in"] == "path");
        CHECK(op["parameters"][0]["required"] == true);
      }
    }
  CHECK(error_responses > 20);
}

TEST_CASE("/stats, /metrics and /admin/api/* require the bearer token; the others do not") {
  const json& doc = openapi_document();
  CHECK(doc.at("/components/securitySchemes/bearerAuth/scheme"_json_pointer) == "bearer");
  CHECK(doc.at("/components/securitySchemes/bearerAuth/type"_json_pointer) == "http");
  CHECK_FALSE(doc.contains("security"));  // no global requirement
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [method, op] : item.items()) {
      INFO(method << " " << path);
      bool protected_route = path == "/stats" || path == "/metrics" || path.rfind("/admin/api/", 0) == 0;
      CHECK(op.contains("security") == protected_route);
      if (protected_route) {
        CHECK(op["security"] == json::array({{{"bearerAuth", json::array()}}}));
        CHECK(op["responses"].contains("401"));
      }
    }
}

TEST_CASE("request bodies: multipart for /users/, JSON elsewhere; every $ref resolves") {
  const json& doc = openapi_document();
  const json& form = doc.at("/paths/~1users~1/post/requestBody/content/multipart~1form-data/schema"_json_pointer);
  const json& schema = resolve(doc, form);
  CHECK(schema.at("required") == json::array({"first_name", "last_name", "email", "phone", "resume"}));
  CHECK(schema.at("/properties/resume/format"_json_pointer) == "binary");
  CHECK(doc.contains("/paths/~1interview~1respond/post/requestBody/content/application~1json"_json_pointer));
  check_refs(doc, doc, "");
}
