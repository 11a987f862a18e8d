#pragma once
// The HTTP front end: cpp-httplib's parsing and routing on the connection
// engine (idle and slow connections cost no thread), with CORS, JSON errors
// for everything httplib or the engine answers itself, and the routes.
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "http/connection_engine.hpp"
#include "http/cors.hpp"
#include "http/engine_server.hpp"
#include "http/http_stats.hpp"
#include "http/routes.hpp"

namespace interview::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 8000;
  EngineLimits engine;  // workers, backlog, connection cap, deadlines, body limit
  std::vector<std::string> cors_origins;
  bool access_log = false;
  int trusted_proxy_hops = 0;  // proxies of ours in front whose X-Forwarded-For entry is trusted
  std::shared_ptr<EngineCounters> connection_counters;  // for /stats (made here when null)
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
  // A whole response for the engine to send by itself (503 busy, 431, 400).
  std::string engine_answer(int status, const std::string& detail, const RequestHead& head) const;
  ServerOptions options_;
  RouteContext context_;
  CorsPolicy cors_;
  std::shared_ptr<HttpStats> stats_;
  ConnectionEngine engine_;
  EngineServer server_;
  std::atomic<int> listen_fd_{-1};
};

}  // namespace interview::http
