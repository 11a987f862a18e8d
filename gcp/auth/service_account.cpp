#include "gcp/auth/service_account.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "gcp/auth/jwt.hpp"
#include "net/http_client.hpp"

namespace interview::gcp {

Result<ServiceAccountKey> parse_service_account_key(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_object()) {
    return make_error(ErrorKind::internal, "service account key: not a JSON object");
  }
  auto text = [&](const char* field) -> std::string {
    return j.contains(field) && j[field].is_string() ? j[field].get<std::string>() : std::string();
  };
  if (j.contains("type") && text("type") != "service_account") {
    return make_error(ErrorKind::internal,
                      "service account key: type is not \"service_account\" (user credentials are not supported)");
  }
  ServiceAccountKey key;
  key.client_email = text("client_email");
  key.private_key = text("private_key");
  key.private_key_id = text("private_key_id");
  key.project_id = text("project_id");
  if (!text("token_uri").empty()) key.token_uri = text("token_uri");
  if (key.client_email.empty()) return make_error(ErrorKind::internal, "service account key: missing client_email");
  if (key.private_key.empty()) return make_error(ErrorKind::internal, "service account key: missing private_key");
  return key;
}

Result<ServiceAccountKey> load_service_account_key(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorKind::internal, "service account key: cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto key = parse_service_account_key(buffer.str());
  if (!key) return make_error(ErrorKind::internal, key.error().message + " (" + path + ")");
  return key;
}

Result<AccessToken> fetch_service_account_token(const ServiceAccountKey& key,
                                                const JwtGrantOptions& options) {
  JwtClaims claims;
  claims.issuer = key.client_email;
  claims.scope = options.scope;
  claims.audience = key.token_uri;  // Google checks aud against its own endpoint
  claims.key_id = key.private_key_id;
  claims.issued_at = std::chrono::system_clock::now();
  auto assertion = make_signed_jwt(claims, key.private_key);
  if (!assertion) return assertion.error();

  net::HttpRequest request;
  request.method = "POST";
  request.url = options.token_url.empty() ? key.token_uri : options.token_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  // The assertion is base64url and dots: nothing to escape.
  request.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" +
                 *assertion;
  request.timeout = options.timeout;
  auto response = net::perform(request);
  if (!response) {
    return make_error(ErrorKind::unavailable, "service account token: " + response.error().message);
  }
  return parse_token_response(*response, "service account token endpoint");
}

}  // namespace interview::gcp
