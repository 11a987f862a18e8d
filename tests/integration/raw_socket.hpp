#pragma once
// A plain TCP client for the tests that are about the wire itself: pipelined
// requests, slow or silent clients, bodies that never end. Every wait is
// bounded.
#include <chrono>
#include <optional>
#include <string>

namespace interview::testing {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  std::string header(const std::string& name) const;  // case-insensitive, "" if absent
};

class RawSocket {
 public:
  // Connects to 127.0.0.1:port, from `source` when given (e.g. "127.0.0.2").
  explicit RawSocket(int port, const std::string& source = "");
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False once the peer has closed or reset the connection.
  bool send(const std::string& bytes);
  // Reads one response (Content-Length framed); nullopt on timeout or close.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until the server closes the connection; returns how long that took,
  // or nullopt if it is still open after `timeout`. Discards what it reads.
  std::optional<std::chrono::milliseconds> wait_closed(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string in_;
};

// Resident memory of a process in KiB (VmRSS), 0 if unknown.
long rss_kib(int pid);

}  // namespace interview::testing
