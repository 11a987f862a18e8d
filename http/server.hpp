#pragma once
// The HTTP front end: cpp-httplib 0.11 tuned for many keep-alive pollers, with
// CORS, JSON errors for everything httplib answers itself, and the routes.
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/cors.hpp"
#include "http/http_stats.hpp"
#include "http/routes.hpp"

namespace interview::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 8000;
  int threads = 128;
  std::size_t payload_max_bytes = 6 * 1024 * 1024;
  std::vector<std::string> cors_origins;
  bool access_log = false;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, RouteContext context, std::shared_ptr<HttpStats> stats);
  // Binds the socket; returns the port (useful with port 0) or -1.
  int bind();
  // Serves until stop(); returns false if serving failed.
  bool run();
  void stop() { server_.stop(); }

 private:
  void configure();
  void request_started();
  void request_finished(const httplib::Request& req, const httplib::Response& res);
  ServerOptions options_;
  RouteContext context_;
  CorsPolicy cors_;
  std::shared_ptr<HttpStats> stats_;
  httplib::Server server_;
  std::atomic<int> listen_fd_{-1};
};

}  // namespace interview::http
