#include "net/json_http.hpp"

#include <utility>

namespace interview::net {

HttpRequest json_post(std::string url, std::string body, std::chrono::milliseconds timeout) {
  HttpRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = std::move(body);
  request.timeout = timeout;
  return request;
}

void add_bearer(HttpRequest& request, const std::string& token) {
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
}

std::chrono::milliseconds retry_after(const HttpResponse& response) {
  if (auto header = response.header("retry-after")) {
    if (auto d = parse_retry_after(*header)) return *d;
  }
  return std::chrono::milliseconds(0);
}

GoogleStatus google_status(const nlohmann::json& body) {
  GoogleStatus out;
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return out;
  const auto& e = body["error"];
  if (e.contains("status") && e["status"].is_string()) out.status = e["status"].get<std::string>();
  if (e.contains("message") && e["message"].is_string()) out.message = e["message"].get<std::string>();
  return out;
}

}  // namespace interview::net
