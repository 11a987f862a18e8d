#include "http/cors.hpp"

#include <algorithm>

namespace interview::http {

bool CorsPolicy::allowed(const std::string& origin) const {
  if (origin.empty()) return false;
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const std::string& a) { return a == "*" || a == origin; });
}

void CorsPolicy::decorate(const httplib::Request& req, httplib::Response& res) const {
  if (res.has_header("Vary")) return;  // already decorated (httplib's error path runs twice)
  res.set_header("Vary", "Origin");
  auto origin = req.get_header_value("Origin");
  if (!allowed(origin)) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Allow-Credentials", "true");
}

void CorsPolicy::preflight(const httplib::Request& req, httplib::Response& res) const {
  decorate(req, res);
  res.status = 204;
  if (!allowed(req.get_header_value("Origin"))) return;
  res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  auto asked = req.get_header_value("Access-Control-Request-Headers");
  res.set_header("Access-Control-Allow-Headers",
                 asked.empty() ? "Content-Type, Authorization" : asked);
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace interview::http
