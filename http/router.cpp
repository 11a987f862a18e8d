#include "http/router.hpp"

#include <spdlog/spdlog.h>

#include "http/json_io.hpp"
#include "ops/log_context.hpp"

namespace interview::http {
namespace {

std::string with_optional_slash(const std::string& path) { return path == "/" ? path : path + "/?"; }

// "/status/([^/]+)" -> "/status/{user_id}"
std::string label_of(const std::string& method, std::string path) {
  for (auto at = path.find("([^/]+)"); at != std::string::npos; at = path.find("([^/]+)"))
    path.replace(at, 7, "{user_id}");
  return method + " " + path;
}

// Records the route and sets the request's trace for every log line the
// handler writes on this thread.
httplib::Server::Handler guarded(std::string label, httplib::Server::Handler handler) {
  return [label = std::move(label), handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    current_route_label() = label;
    auto trace = ops::parse_trace(req.get_header_value("X-Cloud-Trace-Context"), req.get_header_value("traceparent"));
    auto log_context = ops::make_log_context(trace);
    log_context.client_ip = req.remote_addr;
    ops::ScopedLogContext context(std::move(log_context));
    try {
      handler(req, res);
    } catch (const std::exception& e) {
      send_internal_error(res, req.method + " " + req.path + " failed: " + e.what());
    }
  };
}

}  // namespace

std::string& current_route_label() {
  thread_local std::string label = "unmatched";
  return label;
}

void Router::add(const std::string& method, const std::string& path, httplib::Server::Handler handler) {
  std::string pattern = with_optional_slash(path);
  methods_by_pattern_[pattern].insert(method);
  auto wrapped = guarded(label_of(method, path), std::move(handler));
  if (method == "GET")
    server_.Get(pattern, std::move(wrapped));
  else if (method == "PUT")
    server_.Put(pattern, std::move(wrapped));
  else if (method == "DELETE")
    server_.Delete(pattern, std::move(wrapped));
  else
    server_.Post(pattern, std::move(wrapped));
}

void Router::get(const std::string& path, httplib::Server::Handler handler) { add("GET", path, std::move(handler)); }
void Router::post(const std::string& path, httplib::Server::Handler handler) { add("POST", path, std::move(handler)); }
void Router::put(const std::string& path, httplib::Server::Handler handler) { add("PUT", path, std::move(handler)); }
void Router::del(const std::string& path, httplib::Server::Handler handler) { add("DELETE", path, std::move(handler)); }

void Router::finish() {
  // The route table, for operators (and the test that compares it with /openapi.json).
  for (const auto& [pattern, methods] : methods_by_pattern_)
    for (const auto& m : methods) spdlog::info("route {}", label_of(m, pattern.size() > 2 && pattern.substr(pattern.size() - 2) == "/?" ? pattern.substr(0, pattern.size() - 2) : pattern));
  for (const auto& [pattern, methods] : methods_by_pattern_) {
    std::string allow = "OPTIONS";
    for (const auto& m : methods) allow = m + ", " + allow;
    auto not_allowed = [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      send_error(res, ErrorKind::method_not_allowed, "method " + req.method + " not allowed on " + req.path);
    };
    if (!methods.count("GET")) server_.Get(pattern, not_allowed);
    if (!methods.count("POST")) server_.Post(pattern, not_allowed);
    if (!methods.count("PUT")) server_.Put(pattern, not_allowed);
    server_.Patch(pattern, not_allowed);
    if (!methods.count("DELETE")) server_.Delete(pattern, not_allowed);
  }
}

}  // namespace interview::http
