#pragma once
// The connection layer of the bare binary, under httplib's request parsing
// and routing. httplib 0.11 gives every keep-alive connection a pool thread
// for its whole life (waking it every ~11 ms while idle), so pollers beyond
// the pool wait in an unbounded queue, and a slow client holds a thread for as
// long as it likes. Here one epoll thread holds every connection that is idle
// or still sending its header; a worker runs httplib only once a whole header
// is in memory. So:
//   - idle keep-alive connections cost a socket and a few bytes, no thread;
//   - a header has a total deadline, an idle connection a keep-alive deadline;
//   - when every worker is busy and the backlog is full, a request gets 503
//     with Retry-After at once, and so does a connection over the cap;
//   - requests pipelined on one connection are answered one after the other.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "http/connection.hpp"
#include "http/connection_stream.hpp"
#include "ops/figures.hpp"

namespace interview::http {

struct EngineLimits {
  int workers = 128;                      // requests processed at once
  int queue_limit = 256;                  // complete requests waiting for a worker
  int max_connections = 20000;            // open client connections
  std::chrono::seconds header_timeout{10};     // a whole header, from its first byte (or the connect)
  std::chrono::seconds keepalive_timeout{30};  // idle time between requests
  std::chrono::seconds linger_timeout{5};      // reading away an unread body after the answer
  std::size_t max_header_bytes = 16 * 1024;
  StreamLimits stream;
};

// Monotonic counts for /stats and /metrics, plus two gauges.
struct EngineCounters {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> rejected_busy{0};         // 503: workers and backlog full
  std::atomic<std::uint64_t> rejected_connections{0};  // 503: connection cap reached
  std::atomic<std::uint64_t> header_timeouts{0};       // closed: header not complete in time
  std::atomic<std::uint64_t> idle_closed{0};           // closed: keep-alive idle time over
  std::atomic<std::uint64_t> header_too_large{0};      // 431
  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::int64_t> busy_workers{0};
};

class ConnectionEngine {
 public:
  // Processes one request whose header is complete; returns whether the
  // connection may carry another one.
  using Serve = std::function<bool(ConnectionStream&, bool closing)>;
  // Builds a whole HTTP response the engine sends by itself (503, 431, 400).
  using Answer = std::function<std::string(int status, const std::string& detail, const RequestHead& head)>;

  ConnectionEngine(EngineLimits limits, std::shared_ptr<EngineCounters> counters, Serve serve, Answer answer);
  ~ConnectionEngine();
  ConnectionEngine(const ConnectionEngine&) = delete;
  ConnectionEngine& operator=(const ConnectionEngine&) = delete;

  void start();
  // Takes over a socket the listener accepted. Never blocks.
  void adopt(int fd);
  // Stops reading new requests, closes idle connections, lets the requests
  // being processed (and those already queued) finish, then returns.
  void shutdown();
  const EngineCounters& counters() const { return counters_; }

 private:
  void poll_loop();
  void worker_loop();
  void on_readable(std::unique_ptr<Connection> c);
  void park(std::unique_ptr<Connection> c);
  void dispatch(std::unique_ptr<Connection> c, std::size_t header_length);
  void close_expired(Clock::time_point now);
  // Serves the connection's complete requests; false when it must close
  // (`linger`: after draining what the client still sends).
  bool serve_requests(Connection& c, std::size_t header_length, bool& linger);
  void refuse(Connection& c, ErrorKind kind, const std::string& detail, const RequestHead& head);

  struct Ready {
    std::unique_ptr<Connection> connection;
    std::size_t header_length;
  };

  EngineLimits limits_;
  Serve serve_;
  Answer answer_;
  std::shared_ptr<EngineCounters> counters_owner_;
  EngineCounters& counters_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};

  std::mutex parked_mu_;
  std::unordered_map<int, std::unique_ptr<Connection>> parked_;

  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  std::deque<Ready> ready_;
  int idle_workers_ = 0;
  bool workers_stop_ = false;

  std::thread poller_;
  std::vector<std::thread> workers_;
  std::once_flag shutdown_once_;
};

// The engine's connections and refusals, under "connections" in /stats.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const EngineCounters> counters, int workers);

}  // namespace interview::http
