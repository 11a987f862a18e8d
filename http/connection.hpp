#pragma once
// One client connection as the connection engine holds it between requests:
// the socket, the peer, the bytes received but not yet consumed, and the
// deadline by which its next step (a whole header, or the next request on an
// idle keep-alive connection) must happen.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace interview::http {

using Clock = std::chrono::steady_clock;

// How the request whose header is complete frames its body (RFC 9112 §6.3).
enum class BodyFraming { none, length, chunked };

struct RequestHead {
  BodyFraming framing = BodyFraming::none;
  std::size_t content_length = 0;
  bool invalid = false;  // conflicting or unparsable framing headers
  std::string origin;    // for the CORS headers of answers the engine gives itself
};

// Parses the framing headers of a complete header block (request line and
// headers, ending with the empty line).
RequestHead parse_request_head(std::string_view header_block);

class Connection {
 public:
  Connection(int fd, std::string peer_ip, int peer_port, std::string local_ip, int local_port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  enum class Fill { open, closed };
  // Reads what the socket has without blocking, while the unconsumed bytes
  // stay under `cap`. `closed`: the peer closed or the socket failed.
  Fill fill(std::size_t cap);
  // Waits up to `timeout` for bytes, then reads what is there (at most `cap`
  // unconsumed). Returns bytes read; 0 on timeout; -1 on close or error.
  long read_some(std::chrono::milliseconds timeout, std::size_t cap);

  // The unconsumed bytes.
  std::string_view pending() const { return std::string_view(in_).substr(pos_); }
  void consume(std::size_t n) { pos_ += n; }
  // Skips empty lines before a request line (RFC 9112 §2.2).
  void skip_leading_empty_lines();
  // The length of the complete header block at the front of pending(), 0 if
  // the header is not complete yet.
  std::size_t header_length();

  // Writes all of `data`, waiting up to `timeout` for the socket to drain.
  bool write_all(std::string_view data, std::chrono::milliseconds timeout);
  // Best-effort answer on a connection about to be closed: never blocks.
  void write_and_close(std::string_view data);
  // After the answer: no more writes; the rest of an unread body is read
  // and dropped (drain()) until the client closes, so closing does not reset
  // the connection before the client has read the answer.
  void start_draining();
  // Reads and drops what has arrived; false once the client closed.
  bool drain();

  int fd() const { return fd_; }
  const std::string& peer_ip() const { return peer_ip_; }
  int peer_port() const { return peer_port_; }
  const std::string& local_ip() const { return local_ip_; }
  int local_port() const { return local_port_; }

  // When the current wait ends, and whether bytes of a request have arrived
  // (a header deadline) or not (an idle keep-alive wait).
  Clock::time_point deadline{};
  bool request_started = false;
  bool registered = false;  // added to the engine's epoll set
  bool peer_closed = false; // the client half-closed: answer what was sent, then close
  bool draining = false;    // answered and half-closed: what the client still sends is discarded

 // Drops consumed bytes (and a large buffer once empty) before a wait.
  void compact();

 private:
  int fd_;
  std::string peer_ip_;
  int peer_port_;
  std::string local_ip_;
  int local_port_;
  std::string in_;
  std::size_t pos_ = 0;
  std::size_t scanned_ = 0;  // header end search resumes here (relative to pos_)
};

}  // namespace interview::http
