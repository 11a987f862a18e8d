#include "tests/support/raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace interview::testing {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

sockaddr_in address(int port, const std::string& ip) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

// The header lines of a head (after the status line), without "\r".
std::vector<std::string> header_lines(const std::string& head) {
  std::vector<std::string> lines;
  std::size_t at = head.find("\r\n");
  while (at != std::string::npos && at + 2 < head.size()) {
    std::size_t end = head.find("\r\n", at + 2);
    lines.push_back(head.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2));
    at = end;
  }
  return lines;
}

// The response at the start of bytes and its length; nullopt while incomplete.
std::optional<std::pair<RawResponse, std::size_t>> parse_one(const std::string& bytes) {
  auto end = bytes.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  RawResponse r;
  r.head = bytes.substr(0, end);
  if (r.head.rfind("HTTP/1.", 0) == 0 && r.head.size() >= 12) r.status = std::atoi(r.head.c_str() + 9);
  for (const auto& line : header_lines(r.head)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    r.headers[lower(line.substr(0, colon))] = value;
  }
  std::size_t length = std::strtoul(r.header("Content-Length").c_str(), nullptr, 10);
  if (end + 4 + length > bytes.size()) return std::nullopt;
  r.body = bytes.substr(end + 4, length);
  return std::make_pair(std::move(r), end + 4 + length);
}

}  // namespace

std::string RawResponse::header(const std::string& name) const {
  std::string want = lower(name) + ":";
  for (const auto& line : header_lines(head)) {
    if (lower(line).rfind(want, 0) != 0) continue;
    std::string v = line.substr(want.size());
    v.erase(0, v.find_first_not_of(' '));
    return v;
  }
  return "";
}

std::vector<RawResponse> parse_responses(const std::string& bytes) {
  std::vector<RawResponse> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    auto one = parse_one(bytes.substr(at));
    if (!one || one->first.status == 0) break;
    at += one->second;
    out.push_back(std::move(one->first));
  }
  return out;
}

RawSocket::RawSocket(int port, const std::string& source) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) {
    error_ = std::string("socket: ") + std::strerror(errno);
    return;
  }
  int yes = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  if (!source.empty()) {
    auto from = address(0, source);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      error_ = "cannot bind to " + source + ": " + std::strerror(errno);
      ::close(fd_);
      fd_ = -1;
      return;
    }
  }
  auto to = address(port, "127.0.0.1");
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    error_ = "connect to port " + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
  }
}

RawSocket RawSocket::open(int port, const std::string& source) {
  RawSocket s(port, source);
  if (!s.connected()) throw std::runtime_error(s.error_);
  return s;
}

RawSocket::RawSocket(RawSocket&& other) noexcept
    : fd_(other.fd_), error_(std::move(other.error_)), in_(std::move(other.in_)) {
  other.fd_ = -1;
}

RawSocket::~RawSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawSocket::send(const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

bool RawSocket::fill(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  in_.append(buf, static_cast<std::size_t>(n));
  return true;
}

namespace {
std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point t) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(t - std::chrono::steady_clock::now()));
}
}  // namespace

std::optional<RawResponse> RawSocket::read_response(std::chrono::milliseconds timeout) {
  auto give_up = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto one = parse_one(in_)) {
      in_.erase(0, one->second);
      return std::move(one->first);
    }
    if (!fill(left_until(give_up))) return std::nullopt;
  }
}

std::string RawSocket::read_responses(std::size_t expected, std::chrono::milliseconds timeout) {
  auto give_up = std::chrono::steady_clock::now() + timeout;
  while (expected == static_cast<std::size_t>(-1) || parse_responses(in_).size() < expected)
    if (!fill(left_until(give_up))) break;
  return std::exchange(in_, {});
}

std::string RawSocket::read_until_close(std::chrono::milliseconds timeout) {
  return read_responses(static_cast<std::size_t>(-1), timeout);
}

std::optional<std::chrono::milliseconds> RawSocket::wait_closed(std::chrono::milliseconds timeout) {
  auto start = std::chrono::steady_clock::now();
  auto give_up = start + timeout;
  char buf[4096];
  for (;;) {
    auto left = left_until(give_up);
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  }
}

}  // namespace interview::testing
