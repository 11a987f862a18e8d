#pragma once
// The httplib::Stream one request is processed on. httplib reads the header
// from bytes the engine already holds (never blocking), then the body through
// this stream, which enforces what httplib 0.11 does not: a chunked or
// unframed body can never grow past the body limit, a body has a total
// deadline, and a request without Content-Length or Transfer-Encoding has no
// body (RFC 9112 §6.3) instead of one read until the client closes. Writes
// are collected and sent in one go when the request is done.
#include <httplib.h>

#include <chrono>
#include <string>

#include "http/connection.hpp"

namespace interview::http {

struct StreamLimits {
  std::size_t max_body_bytes = 0;
  std::chrono::milliseconds body_timeout{60000};
  std::chrono::milliseconds read_timeout{30000};   // one wait for more body bytes
  std::chrono::milliseconds write_timeout{30000};
};

class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, std::size_t header_length, const RequestHead& head,
                   const StreamLimits& limits);
  ~ConnectionStream() override;

  bool is_readable() const override;
  bool is_writable() const override { return !failed_; }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  // Sends what was written. False when the client is gone.
  bool flush();
  // The connection must not carry another request: the body was refused or
  // not read to its end, or a route asked for it.
  bool must_close() const;
  void close_after_response() { close_after_ = true; }
  bool body_over_limit() const { return over_limit_; }
  // The client may still be sending this request's body.
  bool body_unread() const;
  const RequestHead& head() const { return head_; }

  // The stream of the request being processed on this thread, or null.
  static ConnectionStream* current();

 private:
  ssize_t read_body(char* ptr, size_t size);
  Connection& c_;
  std::size_t header_left_;
  RequestHead head_;
  StreamLimits limits_;
  Clock::time_point body_deadline_;
  std::size_t body_read_ = 0;
  bool over_limit_ = false;
  bool close_after_ = false;
  bool failed_ = false;
  std::string out_;
  ConnectionStream* previous_;
};

}  // namespace interview::http
