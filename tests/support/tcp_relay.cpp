#include "tests/support/tcp_relay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace interview::testing {

struct TcpRelay::Pair {
  int client = -1, upstream = -1;
  std::atomic<bool> closed{false};
  void close_both() {
    if (closed.exchange(true)) return;
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(upstream, SHUT_RDWR);
  }
};

namespace {

int connect_to(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

TcpRelay::TcpRelay(std::string target_host, int target_port) : host_(std::move(target_host)), target_port_(target_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 256) != 0)
    throw std::runtime_error("tcp relay: cannot listen");
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TcpRelay::~TcpRelay() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& p : pairs_) p->close_both();
  }
  for (auto& t : pumps_) t.join();
  for (auto& p : pairs_) {
    ::close(p->client);
    ::close(p->upstream);
  }
  ::close(listen_fd_);
}

void TcpRelay::set_mode(Mode mode) {
  mode_ = mode;
  if (mode != Mode::drop) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& p : pairs_)
    if (!p->closed) {
      p->close_both();
      dropped_++;
    }
}

void TcpRelay::accept_loop() {
  while (!stopping_) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    accepted_++;
    if (mode_ == Mode::drop) {
      ::close(c);
      dropped_++;
      continue;
    }
    int u = connect_to(host_, target_port_);
    if (u < 0) {
      ::close(c);
      continue;
    }
    auto pair = std::make_shared<Pair>();
    pair->client = c;
    pair->upstream = u;
    std::lock_guard<std::mutex> lock(mu_);
    pairs_.push_back(pair);
    pumps_.emplace_back([this, pair] { pump(pair); });
  }
}

// Forwards both ways until either side closes or the pair is dropped; while
// stalled, holds what arrives.
void TcpRelay::pump(std::shared_ptr<Pair> pair) {
  char buf[16384];
  while (!pair->closed && !stopping_) {
    if (mode_ == Mode::stall) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    pollfd fds[2] = {{pair->client, POLLIN, 0}, {pair->upstream, POLLIN, 0}};
    if (::poll(fds, 2, 50) <= 0) continue;
    if (mode_ == Mode::stall) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int from = i == 0 ? pair->client : pair->upstream;
      int to = i == 0 ? pair->upstream : pair->client;
      auto n = ::recv(from, buf, sizeof buf, 0);
      if (n <= 0) {
        pair->close_both();
        return;
      }
      for (ssize_t off = 0; off < n;) {
        auto w = ::send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
        if (w <= 0) {
          pair->close_both();
          return;
        }
        off += w;
      }
    }
  }
}

}  // namespace interview::testing
