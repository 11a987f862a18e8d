#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "http/json_io.hpp"

namespace interview::http {
namespace {

std::string with_optional_slash(const std::string& path) { return path == "/" ? path : path + "/?"; }

httplib::Server::Handler guarded(httplib::Server::Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", req.method, req.path, e.what());
      send_error(res, 500, "internal error");
    }
  };
}

}  // namespace

void Router::add(const std::string& method, const std::string& path, httplib::Server::Handler handler) {
  std::string pattern = with_optional_slash(path);
  methods_by_pattern_[pattern].insert(method);
  if (method == "GET")
    server_.Get(pattern, guarded(std::move(handler)));
  else
    server_.Post(pattern, guarded(std::move(handler)));
}

void Router::get(const std::string& path, httplib::Server::Handler handler) { add("GET", path, std::move(handler)); }
void Router::post(const std::string& path, httplib::Server::Handler handler) { add("POST", path, std::move(handler)); }

void Router::finish() {
  for (const auto& [pattern, methods] : methods_by_pattern_) {
    std::string allow = "OPTIONS";
    for (const auto& m : methods) allow = m + ", " + allow;
    auto not_allowed = [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_error(res, 405, "method " + req.method + " not allowed on " + req.path);
    };
    if (!methods.count("GET")) server_.Get(pattern, not_allowed);
    if (!methods.count("POST")) server_.Post(pattern, not_allowed);
    server_.Put(pattern, not_allowed);
    server_.Patch(pattern, not_allowed);
    server_.Delete(pattern, not_allowed);
  }
}

}  // namespace interview::http
