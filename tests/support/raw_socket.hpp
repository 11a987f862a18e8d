#pragma once
// A plain TCP client for the tests that are about the wire itself: pipelined
// requests, slow or silent clients, bodies that never end, what a proxy
// passes on. Every wait is bounded.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interview::testing {

// One HTTP/1.1 response (Content-Length framed) parsed from raw bytes.
struct RawResponse {
  int status = 0;
  std::string head;                            // status line and headers
  std::map<std::string, std::string> headers;  // names lower-cased (the last of a repeated one)
  std::string body;
  std::string header(const std::string& name) const;  // case-insensitive, the first; "" if absent
};

// Splits back-to-back responses; stops at the first incomplete or malformed one.
std::vector<RawResponse> parse_responses(const std::string& bytes);

class RawSocket {
 public:
  // Connects to 127.0.0.1:port, from `source` when given (e.g. "127.0.0.2"
  // makes the client differ from a proxy on loopback); see connected().
  explicit RawSocket(int port, const std::string& source = "");
  // The same, but throws (naming the reason) when it cannot connect.
  static RawSocket open(int port, const std::string& source = "");
  RawSocket(RawSocket&& other) noexcept;
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;
  RawSocket& operator=(RawSocket&&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  // Sends all of bytes; false once the peer has closed or reset the connection.
  bool send(const std::string& bytes);
  // Reads one response; nullopt on timeout or close.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until `expected` whole responses arrived, the peer closes, or
  // `timeout` passes; returns the bytes (for parse_responses).
  std::string read_responses(std::size_t expected, std::chrono::milliseconds timeout);
  // Reads until the peer closes or `timeout` passes; returns what arrived.
  std::string read_until_close(std::chrono::milliseconds timeout);
  // Waits until the server closes the connection; returns how long that took,
  // or nullopt if it is still open after `timeout`. Discards what it reads.
  std::optional<std::chrono::milliseconds> wait_closed(std::chrono::milliseconds timeout);

 private:
  // Reads what arrives within `timeout` into in_; false on timeout or close.
  bool fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string error_;
  std::string in_;
};

}  // namespace interview::testing
