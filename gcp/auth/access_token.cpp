#include "gcp/auth/access_token.hpp"

#include <nlohmann/json.hpp>

namespace interview::gcp {
namespace {

// OAuth error codes are short identifiers ("invalid_grant"); keep only such
// characters so nothing else from the body can reach a log line.
std::string safe_code(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
        c == '-' || c == '.') {
      out += c;
    }
    if (out.size() >= 64) break;
  }
  return out;
}

}  // namespace

Result<AccessToken> parse_token_response(const net::HttpResponse& response, const std::string& what) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200) {
    std::string message = what + " answered HTTP " + std::to_string(response.status);
    if (body.is_object() && body.contains("error") && body["error"].is_string()) {
      message += " (" + safe_code(body["error"].get<std::string>()) + ")";
    }
    Error e = make_error(ErrorKind::unavailable, message);
    if (auto ra = response.header("retry-after")) {
      if (auto d = net::parse_retry_after(*ra)) e.retry_after = *d;
    }
    return e;
  }
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string() ||
      body["access_token"].get<std::string>().empty()) {
    return make_error(ErrorKind::unavailable, what + " answered without an access_token");
  }
  AccessToken token;
  token.value = body["access_token"].get<std::string>();
  // expires_in is a number of seconds; default to Google's usual hour.
  token.expires_in = std::chrono::seconds(3600);
  if (body.contains("expires_in")) {
    const auto& e = body["expires_in"];
    if (e.is_number()) {
      token.expires_in = std::chrono::seconds(e.get<long long>());
    } else if (e.is_string()) {
      try {
        token.expires_in = std::chrono::seconds(std::stoll(e.get<std::string>()));
      } catch (const std::exception&) {
        // Keep the default.
      }
    }
  }
  return token;
}

}  // namespace interview::gcp
