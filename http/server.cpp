#include "http/server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include "http/json_io.hpp"

namespace interview::http {

HttpServer::HttpServer(ServerOptions options, RouteContext context)
    : options_(std::move(options)), context_(context), cors_(options_.cors_origins) {
  configure();
}

void HttpServer::configure() {
  // Without TCP_NODELAY a keep-alive client waits ~40 ms per response: httplib
  // writes headers and body in separate sends and Nagle holds the second until
  // the client's delayed ACK.
  server_.set_tcp_nodelay(true);
  // A keep-alive connection holds one pool thread for its life; the default
  // pool (8 threads) leaves the 9th poller waiting.
  int threads = options_.threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server_.set_keep_alive_max_count(100000);
  server_.set_keep_alive_timeout(5);
  server_.set_read_timeout(30, 0);
  server_.set_write_timeout(30, 0);
  server_.set_payload_max_length(options_.payload_max_bytes);
  server_.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = sock;
  });

  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "OPTIONS") {
      cors_.preflight(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    cors_.decorate(req, res);
  });
  // Errors httplib produces itself (404 no route, 413 payload, 400 bad request
  // line) get the same JSON shape as ours.
  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string detail = res.status == 404 ? "Not Found: " + req.path
                         : res.status == 413 ? "request body too large"
                                             : res.status == 400 ? "bad request"
                                             : "request failed with HTTP status " + std::to_string(res.status);
    send_error(res, res.status, detail);
    cors_.decorate(req, res);
  });
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    spdlog::error("{} {}: unhandled exception", req.method, req.path);
    send_error(res, 500, "internal error");
  });
  server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
  });

  Router router(server_);
  add_service_routes(router, context_);
  add_candidate_routes(router, context_);
  add_interview_routes(router, context_);
  router.finish();
}

int HttpServer::bind() {
  int port = options_.port;
  if (port == 0)
    port = server_.bind_to_any_port(options_.host);
  else if (!server_.bind_to_port(options_.host, port))
    port = -1;
  // httplib listens with a backlog of 5: a burst of new connections overflows
  // it and clients wait a second for the SYN retry. Listening again on the
  // same socket only raises the backlog.
  if (port > 0 && listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  return port;
}

bool HttpServer::run() { return server_.listen_after_bind(); }

}  // namespace interview::http
