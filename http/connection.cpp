#include "http/connection.hpp"

#include "core/ascii.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace interview::http {
namespace {

std::string lower(std::string_view s) { return ascii_lower(s); }
std::string_view trim(std::string_view s) { return trim_blanks(s); }

constexpr std::size_t read_chunk = 16 * 1024;

}  // namespace

RequestHead parse_request_head(std::string_view block) {
  RequestHead head;
  bool has_length = false;
  bool has_encoding = false;
  std::size_t at = block.find('\n');  // skip the request line
  while (at != std::string_view::npos && at + 1 < block.size()) {
    std::size_t end = block.find('\n', at + 1);
    std::string_view line = block.substr(at + 1, end == std::string_view::npos ? std::string_view::npos : end - at - 1);
    at = end;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        head.invalid = true;
        continue;
      }
      std::size_t n = std::stoull(std::string(value));
      if (has_length && n != head.content_length) head.invalid = true;
      has_length = true;
      head.content_length = n;
    } else if (name == "transfer-encoding") {
      has_encoding = true;
      // The last coding must be chunked, or the body's end is unknowable.
      std::string codings = lower(value);
      auto last = codings.rfind(',');
      head.invalid = head.invalid || trim(last == std::string::npos ? codings : std::string_view(codings).substr(last + 1)) != "chunked";
    } else if (name == "origin") {
      head.origin = std::string(value);
    }
  }
  // Both at once is how requests are smuggled past proxies (RFC 9112 §6.1).
  if (has_length && has_encoding) head.invalid = true;
  head.framing = has_encoding ? BodyFraming::chunked : has_length ? BodyFraming::length : BodyFraming::none;
  return head;
}

Connection::Connection(int fd, std::string peer_ip, int peer_port, std::string local_ip, int local_port)
    : fd_(fd), peer_ip_(std::move(peer_ip)), peer_port_(peer_port), local_ip_(std::move(local_ip)),
      local_port_(local_port) {}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

void Connection::compact() {
  if (pos_ == 0) return;
  in_.erase(0, pos_);
  pos_ = 0;
  if (in_.empty() && in_.capacity() > 4096) std::string().swap(in_);  // after a large body
}

Connection::Fill Connection::fill(std::size_t cap) {
  compact();
  // Read into a scratch buffer and keep only what arrived: an idle
  // connection then holds a few hundred bytes, not a whole read buffer.
  thread_local char scratch[read_chunk];
  while (in_.size() < cap) {
    ssize_t n = ::recv(fd_, scratch, std::min(read_chunk, cap - in_.size()), 0);
    if (n > 0) {
      in_.append(scratch, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      peer_closed = true;
      return Fill::closed;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Fill::open;
    return Fill::closed;
  }
  return Fill::open;
}

long Connection::read_some(std::chrono::milliseconds timeout, std::size_t cap) {
  if (pending().size() >= cap) return 0;
  pollfd p{fd_, POLLIN, 0};
  int ready = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
  if (ready < 0) return errno == EINTR ? 0 : -1;
  if (ready == 0) return 0;
  std::size_t before = pending().size();
  if (fill(cap) == Fill::closed && pending().size() == before) return -1;
  return static_cast<long>(pending().size() - before);
}

void Connection::skip_leading_empty_lines() {
  auto p = pending();
  std::size_t n = 0;
  while (n < p.size() && (p[n] == '\r' || p[n] == '\n')) ++n;
  if (n > 0) {
    consume(n);
    scanned_ = 0;
  }
}

std::size_t Connection::header_length() {
  auto p = pending();
  std::size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
  auto end = p.find("\r\n\r\n", from);
  if (end == std::string_view::npos) {
    scanned_ = p.size();
    return 0;
  }
  scanned_ = 0;
  return end + 4;
}

bool Connection::write_all(std::string_view data, std::chrono::milliseconds timeout) {
  auto give_up = Clock::now() + timeout;
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(left)) < 0 && errno != EINTR) return false;
  }
  return true;
}

void Connection::start_draining() {
  ::shutdown(fd_, SHUT_WR);
  draining = true;
  in_.clear();
  pos_ = 0;
}

bool Connection::drain() {
  thread_local char sink[read_chunk];
  for (;;) {
    ssize_t n = ::recv(fd_, sink, sizeof sink, 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

void Connection::write_and_close(std::string_view data) {
  (void)::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd_, SHUT_WR);
  // Read what the client already sent, so closing does not reset the
  // connection before the answer is delivered.
  char sink[4096];
  for (int i = 0; i < 16 && ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  ::close(fd_);
  fd_ = -1;
}

}  // namespace interview::http
