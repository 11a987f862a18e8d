#pragma once
// CORS for the frontend on another origin: allowed origins are echoed back with
// credentials allowed; other origins get no CORS headers at all.
#include <httplib.h>

#include <string>
#include <vector>

namespace interview::http {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins) : allowed_(std::move(allowed_origins)) {}
  bool allowed(const std::string& origin) const;
  // Adds the headers of a simple (non-preflight) response.
  void decorate(const httplib::Request& req, httplib::Response& res) const;
  // Answers an OPTIONS preflight.
  void preflight(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::vector<std::string> allowed_;
};

}  // namespace interview::http
