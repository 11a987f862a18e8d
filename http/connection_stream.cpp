#include "http/connection_stream.hpp"

#include <sys/select.h>

#include <algorithm>
#include <cstring>

namespace interview::http {
namespace {

thread_local ConnectionStream* current_stream = nullptr;

// Chunk framing ("1f40\r\n" … "\r\n") adds bytes the limit is not about: a
// chunked body may carry this much more on the wire than a body with
// Content-Length.
std::size_t chunked_wire_cap(std::size_t max_body) { return max_body + max_body / 16 + 64 * 1024; }

}  // namespace

ConnectionStream::ConnectionStream(Connection& connection, std::size_t header_length, const RequestHead& head,
                                   const StreamLimits& limits)
    : c_(connection), header_left_(header_length), head_(head), limits_(limits),
      body_deadline_(Clock::now() + limits.body_timeout), previous_(current_stream) {
  current_stream = this;
}

ConnectionStream::~ConnectionStream() { current_stream = previous_; }

ConnectionStream* ConnectionStream::current() { return current_stream; }

bool ConnectionStream::is_readable() const { return header_left_ > 0 || !c_.pending().empty(); }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (header_left_ > 0) {
    std::size_t n = std::min(size, header_left_);
    std::memcpy(ptr, c_.pending().data(), n);
    c_.consume(n);
    header_left_ -= n;
    return static_cast<ssize_t>(n);
  }
  return read_body(ptr, size);
}

ssize_t ConnectionStream::read_body(char* ptr, size_t size) {
  std::size_t allowed = 0;
  switch (head_.framing) {
    case BodyFraming::none: return 0;
    case BodyFraming::length:
      if (head_.content_length > limits_.max_body_bytes) {
        over_limit_ = true;
        return -1;
      }
      allowed = head_.content_length - body_read_;
      if (allowed == 0) return 0;
      break;
    case BodyFraming::chunked: {
      std::size_t cap = chunked_wire_cap(limits_.max_body_bytes);
      if (body_read_ >= cap) {
        over_limit_ = true;
        return -1;
      }
      allowed = cap - body_read_;
      break;
    }
  }
  if (c_.pending().empty()) {
    if (!flush()) return -1;  // e.g. "100 Continue" must reach the client first
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(body_deadline_ - Clock::now());
      if (left.count() <= 0) {
        failed_ = true;
        return -1;
      }
      long got = c_.read_some(std::min(left, limits_.read_timeout), 64 * 1024);
      if (got < 0) {
        failed_ = true;
        return -1;
      }
      if (got > 0) break;
      if (left <= limits_.read_timeout) continue;  // the deadline check above ends it
      failed_ = true;                             // one wait ran out
      return -1;
    }
  }
  std::size_t n = std::min({size, allowed, c_.pending().size()});
  std::memcpy(ptr, c_.pending().data(), n);
  c_.consume(n);
  body_read_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (failed_) return -1;
  out_.append(ptr, size);
  if (out_.size() >= 64 * 1024 && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::flush() {
  if (out_.empty()) return !failed_;
  bool ok = c_.write_all(out_, limits_.write_timeout);
  out_.clear();
  if (!ok) failed_ = true;
  return ok;
}

bool ConnectionStream::must_close() const {
  if (over_limit_ || close_after_ || failed_ || c_.peer_closed) return true;
  if (head_.framing == BodyFraming::chunked) return true;  // where it ended is httplib's knowledge
  return head_.framing == BodyFraming::length && body_read_ < head_.content_length;
}

bool ConnectionStream::body_unread() const {
  if (over_limit_) return true;
  return head_.framing == BodyFraming::length && body_read_ < head_.content_length;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = c_.peer_ip();
  port = c_.peer_port();
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = c_.local_ip();
  port = c_.local_port();
}

// httplib 0.11 (built without CPPHTTPLIB_USE_POLL) answers 500 to a request
// whose socket number is FD_SETSIZE or more, because it would select() on it.
// This stream never lets httplib touch the socket, so larger numbers are
// hidden from it.
socket_t ConnectionStream::socket() const { return c_.fd() < FD_SETSIZE ? c_.fd() : INVALID_SOCKET; }

}  // namespace interview::http
