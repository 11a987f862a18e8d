#include "http/server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include "http/client_address.hpp"
#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "ops/access_log.hpp"
#include "ops/log_context.hpp"

namespace interview::http {

HttpServer::HttpServer(ServerOptions options, RouteContext context, std::shared_ptr<HttpStats> stats)
    : options_(std::move(options)), context_(context), cors_(options_.cors_origins), stats_(std::move(stats)),
      engine_(
          options_.engine, options_.connection_counters, [this](ConnectionStream& s, bool closing) { return server_.serve(s, closing); },
          [this](int status, const std::string& detail, const RequestHead& head) {
            return engine_answer(status, detail, head);
          }),
      server_(engine_) {
  configure();
}

std::string HttpServer::engine_answer(int status, const std::string& detail, const RequestHead& head) const {
  std::string body = error_body(detail).dump();
  std::string reason = status == 503 ? "Service Unavailable" : status == 431 ? "Request Header Fields Too Large"
                                                                             : "Bad Request";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                    "\r\nContent-Type: application/json\r\nConnection: close\r\nVary: Origin\r\n";
  if (status == 503) out += "Retry-After: 1\r\n";
  if (cors_.allowed(head.origin))
    out += "Access-Control-Allow-Origin: " + head.origin + "\r\nAccess-Control-Allow-Credentials: true\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return out;
}

void HttpServer::configure() {
  engine_.start();
  // The Keep-Alive header httplib writes advertises these.
  server_.set_keep_alive_max_count(1000000);
  server_.set_keep_alive_timeout(options_.engine.keepalive_timeout.count());
  server_.set_payload_max_length(options_.engine.stream.max_body_bytes);
  server_.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = sock;
  });
  // The client's own address, also behind our proxies (logs, admin checks).
  server_.set_request_setup([hops = options_.trusted_proxy_hops](httplib::Request& req) {
    if (hops > 0) req.remote_addr = client_address(req.remote_addr, req.get_header_value("X-Forwarded-For"), hops);
  });

  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_started();
    // A body over the limit is refused before any of it is read; the
    // connection closes, since the body is still on its way.
    if (auto* stream = ConnectionStream::current();
        stream && stream->head().framing == BodyFraming::length &&
        stream->head().content_length > options_.engine.stream.max_body_bytes) {
      stream->close_after_response();
      res.set_header("Connection", "close");
      send_error(res, ErrorKind::payload_too_large, "request body too large");
      return httplib::Server::HandlerResponse::Handled;
    }
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
  // line or a body that could not be read) get the same JSON shape as ours.
  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    auto* stream = ConnectionStream::current();
    if (stream && stream->body_over_limit()) res.status = status_for(ErrorKind::payload_too_large);
    std::string detail = res.status == 404 ? "Not Found: " + req.path
                         : res.status == 413 ? "request body too large"
                         : res.status == 400 ? "bad request"
                                             : "request failed with HTTP status " + std::to_string(res.status);
    send_json(res, res.status, error_body(detail));
    cors_.decorate(req, res);
  });
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    send_internal_error(res, req.method + " " + req.path + ": unhandled exception");
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) { request_finished(req, res); });

  Router router(server_);
  add_service_routes(router, context_);
  add_candidate_routes(router, context_);
  add_interview_routes(router, context_);
  add_ops_routes(router, context_);
  add_admin_routes(router, context_);
  add_candidate_pages_routes(router, context_);
  router.finish();
}

namespace {
// When the current request on this thread started (0: not counted).
thread_local std::chrono::steady_clock::time_point request_start{};
}  // namespace

void HttpServer::request_started() {
  request_start = std::chrono::steady_clock::now();
  current_route_label() = "unmatched";
  stats_->started();
}

// Runs after the response is written: counts it and, when enabled, writes an
// access log line (Cloud Run logs requests itself, so it is off by default).
void HttpServer::request_finished(const httplib::Request& req, const httplib::Response& res) {
  if (request_start == std::chrono::steady_clock::time_point{}) return;  // rejected before routing
  auto latency = std::chrono::steady_clock::now() - request_start;
  request_start = {};
  std::string route = req.method == "OPTIONS" ? "OPTIONS (preflight)" : current_route_label();
  stats_->finished(route, res.status, std::chrono::duration<double>(latency).count());
  if (!options_.access_log) return;
  ops::ScopedLogContext context(ops::make_log_context(
      ops::parse_trace(req.get_header_value("X-Cloud-Trace-Context"), req.get_header_value("traceparent"))));
  ops::AccessLogEntry e;
  e.method = req.method;
  e.url = req.target.empty() ? req.path : req.target;
  e.status = res.status;
  e.request_size = req.body.size();
  e.response_size = res.body.size();
  e.user_agent = req.get_header_value("User-Agent");
  e.remote_ip = req.remote_addr;
  e.referer = req.get_header_value("Referer");
  e.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(latency);
  ops::log_access(e);
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
