#include "http/connection_engine.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "http/error_mapping.hpp"

namespace interview::http {
namespace {

constexpr auto sweep_interval = std::chrono::milliseconds(250);

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

ConnectionEngine::ConnectionEngine(EngineLimits limits, std::shared_ptr<EngineCounters> counters, Serve serve,
                                   Answer answer)
    : limits_(std::move(limits)), serve_(std::move(serve)), answer_(std::move(answer)),
      counters_owner_(counters ? std::move(counters) : std::make_shared<EngineCounters>()),
      counters_(*counters_owner_) {}

ConnectionEngine::~ConnectionEngine() {
  shutdown();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void ConnectionEngine::start() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  poller_ = std::thread([this] { poll_loop(); });
  for (int i = 0; i < limits_.workers; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void ConnectionEngine::adopt(int fd) {
  counters_.accepted.fetch_add(1, std::memory_order_relaxed);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  sockaddr_storage peer{}, local{};
  socklen_t peer_len = sizeof peer, local_len = sizeof local;
  ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len);
  std::string peer_ip, local_ip;
  int peer_port = 0, local_port = 0;
  address_of(peer, peer_ip, peer_port);
  address_of(local, local_ip, local_port);
  auto c = std::make_unique<Connection>(fd, std::move(peer_ip), peer_port, std::move(local_ip), local_port);
  if (stopping_) return;  // closed by the destructor
  if (counters_.open_connections.fetch_add(1) >= limits_.max_connections) {
    counters_.rejected_connections.fetch_add(1, std::memory_order_relaxed);
    refuse(*c, ErrorKind::unavailable, "too many connections, retry shortly", {});
    counters_.open_connections.fetch_sub(1);
    return;
  }
  // A new connection must deliver its first header within the header deadline.
  c->request_started = true;
  c->deadline = Clock::now() + limits_.header_timeout;
  park(std::move(c));
}

void ConnectionEngine::park(std::unique_ptr<Connection> c) {
  int fd = c->fd();
  bool first = !c->registered;
  c->registered = true;
  {
    std::lock_guard<std::mutex> lock(parked_mu_);
    parked_[fd] = std::move(c);
  }
  // One-shot: an event hands the connection to exactly one owner.
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll_fd_, first ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) != 0)
    spdlog::warn("connection engine: epoll_ctl failed for fd {}: errno {}", fd, errno);
}

void ConnectionEngine::poll_loop() {
  std::vector<epoll_event> events(512);
  auto next_sweep = Clock::now() + sweep_interval;
  while (!stopping_) {
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                         static_cast<int>(sweep_interval.count()));
    for (int i = 0; i < n; ++i) {
      int fd = events[static_cast<std::size_t>(i)].data.fd;
      if (fd == wake_fd_) continue;
      std::unique_ptr<Connection> c;
      {
        std::lock_guard<std::mutex> lock(parked_mu_);
        auto it = parked_.find(fd);
        if (it == parked_.end()) continue;
        c = std::move(it->second);
        parked_.erase(it);
      }
      on_readable(std::move(c));
    }
    auto now = Clock::now();
    if (now >= next_sweep) {
      close_expired(now);
      next_sweep = now + sweep_interval;
    }
  }
  std::lock_guard<std::mutex> lock(parked_mu_);
  counters_.open_connections.fetch_sub(static_cast<std::int64_t>(parked_.size()));
  parked_.clear();
}

void ConnectionEngine::on_readable(std::unique_ptr<Connection> c) {
  if (c->draining) {
    if (c->drain())
      park(std::move(c));
    else
      counters_.open_connections.fetch_sub(1);
    return;
  }
  auto fill = c->fill(limits_.max_header_bytes + 16 * 1024);
  c->skip_leading_empty_lines();
  if (std::size_t header = c->header_length(); header > 0) {
    if (header > limits_.max_header_bytes) {
      counters_.header_too_large.fetch_add(1, std::memory_order_relaxed);
      refuse(*c, ErrorKind::header_too_large, "request header too large", parse_request_head(c->pending().substr(0, header)));
      counters_.open_connections.fetch_sub(1);
      return;
    }
    dispatch(std::move(c), header);
    return;
  }
  if (fill == Connection::Fill::closed) {
    counters_.open_connections.fetch_sub(1);
    return;
  }
  if (c->pending().size() > limits_.max_header_bytes) {
    counters_.header_too_large.fetch_add(1, std::memory_order_relaxed);
    refuse(*c, ErrorKind::header_too_large, "request header too large", {});
    counters_.open_connections.fetch_sub(1);
    return;
  }
  if (!c->pending().empty() && !c->request_started) {
    c->request_started = true;
    c->deadline = Clock::now() + limits_.header_timeout;
  }
  park(std::move(c));
}

void ConnectionEngine::dispatch(std::unique_ptr<Connection> c, std::size_t header_length) {
  bool busy = false;
  {
    std::lock_guard<std::mutex> lock(ready_mu_);
    if (ready_.size() >= static_cast<std::size_t>(idle_workers_ + limits_.queue_limit))
      busy = true;
    else
      ready_.push_back({std::move(c), header_length});
  }
  if (!busy) {
    ready_cv_.notify_one();
    return;
  }
  counters_.rejected_busy.fetch_add(1, std::memory_order_relaxed);
  refuse(*c, ErrorKind::unavailable, "server busy, retry shortly", parse_request_head(c->pending().substr(0, header_length)));
  counters_.open_connections.fetch_sub(1);
}

void ConnectionEngine::worker_loop() {
  for (;;) {
    Ready job;
    {
      std::unique_lock<std::mutex> lock(ready_mu_);
      ++idle_workers_;
      ready_cv_.wait(lock, [this] { return !ready_.empty() || workers_stop_; });
      --idle_workers_;
      if (ready_.empty()) return;
      job = std::move(ready_.front());
      ready_.pop_front();
    }
    counters_.busy_workers.fetch_add(1, std::memory_order_relaxed);
    bool linger = false;
    bool keep = serve_requests(*job.connection, job.header_length, linger);
    counters_.busy_workers.fetch_sub(1, std::memory_order_relaxed);
    if (!keep && linger && !stopping_) {
      // The answer is out; a client still sending its body reads it only
      // if the connection is not reset under it (like nginx's lingering close).
      job.connection->start_draining();
      job.connection->deadline = Clock::now() + limits_.linger_timeout;
      keep = true;
    }
    if (keep && !stopping_)
      park(std::move(job.connection));
    else
      counters_.open_connections.fetch_sub(1);
  }
}

bool ConnectionEngine::serve_requests(Connection& c, std::size_t header_length, bool& linger) {
  for (;;) {
    RequestHead head = parse_request_head(c.pending().substr(0, header_length));
    if (head.invalid) {
      refuse(c, ErrorKind::bad_request, "invalid request framing (Content-Length / Transfer-Encoding)", head);
      return false;
    }
    {
      ConnectionStream stream(c, header_length, head, limits_.stream);
      bool keep = serve_(stream, stopping_);
      bool sent = stream.flush();
      if (!sent || !keep || stream.must_close()) {
        linger = sent && stream.body_unread() && !c.peer_closed;
        return false;
      }
    }
    if (stopping_) return false;
    c.skip_leading_empty_lines();
    header_length = c.header_length();
    if (header_length == 0) break;  // no pipelined request waiting
    if (header_length > limits_.max_header_bytes) {
      counters_.header_too_large.fetch_add(1, std::memory_order_relaxed);
      refuse(c, ErrorKind::header_too_large, "request header too large", {});
      return false;
    }
  }
  c.compact();
  c.request_started = !c.pending().empty();
  c.deadline = Clock::now() + (c.request_started ? limits_.header_timeout : limits_.keepalive_timeout);
  return true;
}

void ConnectionEngine::close_expired(Clock::time_point now) {
  std::vector<std::unique_ptr<Connection>> expired;
  {
    std::lock_guard<std::mutex> lock(parked_mu_);
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (it->second->deadline <= now) {
        expired.push_back(std::move(it->second));
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& c : expired) {
    if (c->draining) continue;
    (c->request_started ? counters_.header_timeouts : counters_.idle_closed).fetch_add(1, std::memory_order_relaxed);
  }
  counters_.open_connections.fetch_sub(static_cast<std::int64_t>(expired.size()));
}

void ConnectionEngine::refuse(Connection& c, ErrorKind kind, const std::string& detail, const RequestHead& head) {
  c.write_and_close(answer_(status_for(kind), detail, head));
}

void ConnectionEngine::shutdown() {
  std::call_once(shutdown_once_, [this] {
    stopping_ = true;
    if (poller_.joinable()) {
      std::uint64_t one = 1;
      (void)::write(wake_fd_, &one, sizeof one);
      poller_.join();
    }
    {
      std::lock_guard<std::mutex> lock(ready_mu_);
      workers_stop_ = true;
    }
    ready_cv_.notify_all();
    for (auto& w : workers_) w.join();
  });
}


void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const EngineCounters> counters, int workers) {
  auto c = std::move(counters);
  figures.section("connections", "Client connections held by the connection engine (idle and header-sending "
                                 "connections hold no thread), and what it refused or closed by itself.");
  figures.gauge("connections.open", "Client connections open.", [c] { return c->open_connections.load(); })
      .metric("http_open_connections");
  figures.gauge("connections.workers", "Threads that process requests.", [workers] { return workers; })
      .metric("http_workers");
  figures.gauge("connections.busy_workers", "Threads processing a request now.", [c] { return c->busy_workers.load(); })
      .metric("http_busy_workers");
  figures.counter("connections.accepted", "Client connections accepted.", [c] { return c->accepted.load(); })
      .metric("http_connections_accepted_total");
  const char* refused = "Requests or connections the server refused by itself.";
  figures.counter("connections.rejected_busy", "503 with Retry-After: every worker busy and the backlog full.",
                  [c] { return c->rejected_busy.load(); })
      .metric("http_refused_total").family_help(refused).label("reason", "busy");
  figures.counter("connections.rejected_over_cap", "503: HTTP_MAX_CONNECTIONS reached.",
                  [c] { return c->rejected_connections.load(); })
      .metric("http_refused_total").label("reason", "over_cap");
  const char* closed = "Connections the server closed on a deadline.";
  figures.counter("connections.header_timeouts", "Closed: the request head did not arrive in time.",
                  [c] { return c->header_timeouts.load(); })
      .metric("http_connections_closed_total").family_help(closed).label("reason", "header_timeout");
  figures.counter("connections.idle_closed", "Closed: keep-alive idle time over.", [c] { return c->idle_closed.load(); })
      .metric("http_connections_closed_total").label("reason", "idle");
  figures.counter("connections.header_too_large", "431: the request head was too large.",
                  [c] { return c->header_too_large.load(); })
      .metric("http_refused_total").label("reason", "header_too_large");
}
}  // namespace interview::http
