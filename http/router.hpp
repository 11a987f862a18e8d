#pragma once
// Route registration on cpp-httplib with what the clients rely on: every path
// answers with and without a trailing slash, a known path with the wrong method
// answers 405 (not 404), and a handler that throws answers 500 JSON.
#include <httplib.h>

#include <map>
#include <set>
#include <string>

namespace interview::http {

// The route template of the request being handled on this thread, e.g.
// "GET /status/{user_id}" ("unmatched" until a route takes it).
std::string& current_route_label();

class Router {
 public:
  explicit Router(httplib::Server& server) : server_(server) {}
  // `path` is a regex without a trailing slash, e.g. "/status/([^/]+)".
  void get(const std::string& path, httplib::Server::Handler handler);
  void post(const std::string& path, httplib::Server::Handler handler);
  void put(const std::string& path, httplib::Server::Handler handler);
  void del(const std::string& path, httplib::Server::Handler handler);  // DELETE
  // Registers the 405 answers; call once after the last route.
  void finish();

 private:
  void add(const std::string& method, const std::string& path, httplib::Server::Handler handler);
  httplib::Server& server_;
  std::map<std::string, std::set<std::string>> methods_by_pattern_;
};

}  // namespace interview::http
