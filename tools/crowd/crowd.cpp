// crowd: a single-threaded epoll load client that holds many simultaneous
// connections cheaply, to measure how a server copes with a waiting room full of
// browsers (keep-alive pollers), fresh visitors, and slow or silent clients.
// See tools/crowd/README.md for the options and the JSON it prints.
#include "http_response.hpp"
#include "net.hpp"
#include "seed.hpp"
#include "stats.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace crowd {
namespace {

using json = nlohmann::ordered_json;

int64_t now_us() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int64_t sec_to_us(double s) { return static_cast<int64_t>(std::llround(s * 1e6)); }

struct Options {
  std::string url;
  double duration = 10;
  double timeout = 10;
  // pollers
  size_t pollers = 0;
  double interval = 5;
  std::string paths_file;
  double ramp = 0;  // connections per second; 0 = all within the first interval
  size_t pipeline = 1;
  // visitors
  double visitor_interval_ms = 0;
  std::string visitor_path = "/health";
  // slow and idle
  size_t slow = 0;
  double slow_byte_interval = 3;
  size_t idle = 0;
  double attack_ramp = 0;  // slow+idle connections per second; 0 = all within 1 s
  // misc
  std::string sources;
  size_t seed = 0;
  std::string seed_out;
  size_t seed_concurrency = 8;
  double progress = 10;
};

[[noreturn]] void usage(const std::string& why) {
  if (!why.empty()) std::cerr << "crowd: " << why << "\n\n";
  std::cerr <<
      R"(usage: crowd --url http://127.0.0.1:PORT [options]
  --duration SEC            how long the load runs (default 10)
  --timeout SEC             a request without a complete answer by then is timed out (default 10)
  --pollers N               N keep-alive connections, each polling a path every --interval
  --interval SEC            poll interval (default 5)
  --paths FILE              one path per line; poller i uses line i mod lines (default: seeded ids, else /health)
  --ramp CONN_PER_SEC       how fast poller connections are opened (default: all within the first interval)
  --pipeline K              send K requests in one write per poll, expect K answers in order (default 1)
  --visitor-interval MS     every MS ms a new connection sends one request with Connection: close
  --visitor-path P          the visitor's path (default /health)
  --slow N                  N connections sending a request header one byte at a time
  --slow-byte-interval SEC  seconds between their bytes (default 3)
  --idle N                  N connections that connect and send nothing
  --attack-ramp CONN_PER_SEC how fast slow and idle connections are opened (default: all within 1 s)
  --source-addresses LIST   comma-separated local addresses to bind round-robin (e.g. 127.0.0.1,127.0.0.2)
  --seed N                  before the run, create N candidates (POST /users/, POST /users/join)
  --seed-out FILE           write one /status/<user_id> path per line for the seeded candidates
  --seed-concurrency C      seeding connections (default 8)
  --progress SEC            progress line on stderr every SEC seconds (0: none; default 10)
Prints one JSON object on stdout and a summary on stderr.
)";
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  auto need = [&](int& i) -> std::string {
    if (i + 1 >= argc) usage(std::string("missing value for ") + argv[i]);
    return argv[++i];
  };
  auto num = [&](int& i) -> double {
    std::string flag = argv[i];
    std::string v = need(i);
    try {
      size_t used = 0;
      double d = std::stod(v, &used);
      if (used != v.size() || !std::isfinite(d) || d < 0) throw std::invalid_argument(v);
      return d;
    } catch (...) {
      usage("bad number for " + flag + ": " + v);
    }
  };
  auto count = [&](int& i) -> size_t {
    double d = num(i);
    if (d != std::floor(d)) usage(std::string("expected a whole number for ") + argv[i - 1]);
    return static_cast<size_t>(d);
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--url") o.url = need(i);
    else if (a == "--duration") o.duration = num(i);
    else if (a == "--timeout") o.timeout = num(i);
    else if (a == "--pollers") o.pollers = count(i);
    else if (a == "--interval") o.interval = num(i);
    else if (a == "--paths") o.paths_file = need(i);
    else if (a == "--ramp") o.ramp = num(i);
    else if (a == "--pipeline") o.pipeline = count(i);
    else if (a == "--visitor-interval") o.visitor_interval_ms = num(i);
    else if (a == "--visitor-path") o.visitor_path = need(i);
    else if (a == "--slow") o.slow = count(i);
    else if (a == "--slow-byte-interval") o.slow_byte_interval = num(i);
    else if (a == "--idle") o.idle = count(i);
    else if (a == "--attack-ramp") o.attack_ramp = num(i);
    else if (a == "--source-addresses") o.sources = need(i);
    else if (a == "--seed") o.seed = count(i);
    else if (a == "--seed-out") o.seed_out = need(i);
    else if (a == "--seed-concurrency") o.seed_concurrency = count(i);
    else if (a == "--progress") o.progress = num(i);
    else if (a == "-h" || a == "--help") usage("");
    else usage("unknown option " + a);
  }
  if (o.url.empty()) usage("--url is required");
  if (o.pollers > 0 && o.interval <= 0) usage("--interval must be > 0");
  if (o.pipeline == 0) usage("--pipeline must be >= 1");
  if (o.timeout <= 0) usage("--timeout must be > 0");
  if (o.slow > 0 && o.slow_byte_interval <= 0) usage("--slow-byte-interval must be > 0");
  if (o.visitor_path.empty() || o.visitor_path[0] != '/') usage("--visitor-path must start with /");
  return o;
}

// ---------------------------------------------------------------------------
// Per-group results

struct GroupStats {
  uint64_t sent = 0, answered = 0, timeouts = 0, reconnects = 0;
  std::map<std::string, uint64_t> errors;  // kind -> count
  std::map<int, uint64_t> by_status;
  Samples latency;     // request written -> last byte (visitors: connect start -> last byte)
  Samples connect;     // connect start -> established
  Samples send_delay;  // pollers: due -> actually sent (waiting for the connection or the previous answer)
  uint64_t server_closed_idle = 0;   // keep-alive connection closed by the server between polls
  uint64_t close_after_response = 0; // server said Connection: close
  uint64_t unsolicited = 0;          // responses nobody asked for
  uint64_t connect_timeouts = 0;     // visitors: timed out before the connection was accepted

  uint64_t error_total() const {
    uint64_t n = 0;
    for (const auto& [k, v] : errors) n += v;
    return n;
  }
  json status_json() const {
    json j = json::object();
    for (const auto& [k, v] : by_status) j[std::to_string(k)] = v;
    return j;
  }
  json errors_json() const {
    json j = json::object();
    for (const auto& [k, v] : errors) j[k] = v;
    return j;
  }
};

struct HoldStats {  // slow and idle connections
  uint64_t opened = 0, connect_failures = 0, closed_by_server = 0, still_open = 0;
  std::map<std::string, uint64_t> connect_errors;
  std::map<int, uint64_t> by_status;  // answers the server sent before closing (e.g. 408)
  Samples close_after;  // established -> closed by the server
  Samples connect;
  uint64_t bytes_sent = 0;
};

// ---------------------------------------------------------------------------
// Connections

enum class Kind : uint8_t { poller, visitor, slow, idle };
enum class St : uint8_t { closed, connecting, ready, in_flight, holding, done };

struct Conn {
  int fd = -1;
  uint32_t seq = 0;  // bumped on every open; epoll events carry it
  uint32_t gen = 0;  // bumped on every timer change; stale timers are ignored
  Kind kind = Kind::poller;
  St st = St::closed;
  uint32_t index = 0;
  int64_t connect_start = 0, connected_at = 0, sent_at = 0, due = 0;
  size_t outstanding = 0;    // answers still expected
  bool close_after = false;  // the server said Connection: close
  bool answered_on_this = false;
  uint32_t fail_streak = 0;
  std::string out;
  size_t out_off = 0;
  ResponseParser parser;
};

struct Timer {
  int64_t when;
  uint32_t slot;
  uint32_t gen;
  bool operator>(const Timer& o) const { return when > o.when; }
};

constexpr uint32_t kVisitorSpawn = 0xffffff01u;
constexpr uint32_t kProgress = 0xffffff02u;
constexpr uint32_t kEnd = 0xffffff03u;

class Engine {
 public:
  Engine(const Options& o, Target target, std::vector<in_addr> sources, std::vector<std::string> paths)
      : o_(o), target_(std::move(target)), sources_(std::move(sources)), paths_(std::move(paths)) {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    for (const auto& p : paths_) {
      std::string one = "GET " + p + " HTTP/1.1\r\nHost: " + target_.host_header +
                        "\r\nUser-Agent: crowd/1\r\nAccept: application/json\r\n\r\n";
      std::string req;
      for (size_t k = 0; k < o_.pipeline; ++k) req += one;
      poll_requests_.push_back(std::move(req));
    }
    visitor_request_ = "GET " + o_.visitor_path + " HTTP/1.1\r\nHost: " + target_.host_header +
                       "\r\nUser-Agent: crowd/1\r\nConnection: close\r\n\r\n";
    // Longer than the run can send: the header never completes.
    size_t pad = static_cast<size_t>(o_.duration / std::max(o_.slow_byte_interval, 1e-3)) + 256;
    slow_header_ = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(pad, 'a') + "\r\n\r\n";
  }
  ~Engine() {
    for (auto& c : conns_)
      if (c.fd >= 0) ::close(c.fd);
    if (ep_ >= 0) ::close(ep_);
  }

  json run();

 private:
  // timers
  void set_timer(uint32_t slot, int64_t when) {
    Conn& c = conns_[slot];
    c.gen++;
    timers_.push(Timer{when, slot, c.gen});
  }
  void cancel_timer(uint32_t slot) { conns_[slot].gen++; }
  void record_lag(int64_t due, int64_t now) {
    int64_t lag = now - due;
    if (lag < 0) lag = 0;
    lag_.add(lag);
    if (lag > window_lag_max_) window_lag_max_ = lag;
  }

  // connection life
  void open(uint32_t slot);
  // A connect that failed: counted, then retried (pollers) or ended.
  void connect_failed(uint32_t slot, const std::string& why);
  void on_connected(uint32_t slot);
  void on_event(uint32_t slot, uint32_t events);
  void on_readable(uint32_t slot);
  void on_writable(uint32_t slot);
  void on_timer(const Timer& t);
  void close_fd(Conn& c);
  void flush(uint32_t slot);
  void watch(Conn& c, uint32_t slot, bool want_out);

  // poller steps
  void send_poll(uint32_t slot, bool timer_driven);
  void poller_broken(uint32_t slot, const char* why, bool count_reconnect = true);
  void poller_after_answer(uint32_t slot);
  // An answer to one of c's requests: latency (a visitor's from its connect), counts.
  void count_answer(Conn& c, GroupStats& g, int status);
  void reconnect_poller(uint32_t slot, int64_t delay_us);
  // visitor steps
  void spawn_visitor();
  void visitor_finish(uint32_t slot, const char* failure);
  // slow/idle
  void hold_closed(uint32_t slot, const char* why);

  bool stopping() const { return now_ >= end_; }
  bool in_run(int64_t t) const { return t < end_; }
  HoldStats& hold_of(Kind k) { return k == Kind::slow ? slow_ : idle_; }
  void progress_line();
  json hold_json(HoldStats& h, size_t count);
  json group_json(GroupStats& g, bool visitors);

  const Options& o_;
  Target target_;
  SourcePicker sources_;
  std::vector<std::string> paths_;
  std::vector<std::string> poll_requests_;
  std::string visitor_request_;
  std::string slow_header_;
  int ep_ = -1;
  std::deque<Conn> conns_;
  std::vector<uint32_t> free_visitor_slots_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  int64_t start_ = 0, end_ = 0, now_ = 0;
  uint64_t visitor_seq_ = 0;
  size_t visitors_live_ = 0;
  size_t open_now_ = 0, open_max_ = 0;
  size_t pollers_in_flight_ = 0;
  GroupStats pollers_, visitors_;
  HoldStats slow_, idle_;
  Samples lag_;
  int64_t window_lag_max_ = 0;
  uint64_t socket_errors_ = 0;
};

void Engine::watch(Conn& c, uint32_t slot, bool want_out) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (want_out ? EPOLLOUT : 0u);
  ev.data.u64 = (static_cast<uint64_t>(c.seq) << 32) | slot;
  epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
}

void Engine::close_fd(Conn& c) {
  if (c.fd >= 0) {
    ::close(c.fd);  // also leaves the epoll set
    c.fd = -1;
    open_now_--;
  }
  c.out.clear();
  c.out_off = 0;
  c.outstanding = 0;
  c.close_after = false;
  c.parser.reset();
}

void Engine::open(uint32_t slot) {
  Conn& c = conns_[slot];
  c.connect_start = now_;
  c.answered_on_this = false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  auto fail = [&](const std::string& why) { connect_failed(slot, why); };
  if (fd < 0) return fail(std::strerror(errno));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (int e = sources_.bind_next(fd)) {
    ::close(fd);
    return fail(std::string("bind: ") + std::strerror(e));
  }
  c.fd = fd;
  c.seq++;
  open_now_++;
  open_max_ = std::max(open_max_, open_now_);
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&target_.addr), sizeof target_.addr);
  if (rc != 0 && errno != EINPROGRESS) {
    int e = errno;
    close_fd(c);
    return fail(std::strerror(e));
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
  ev.data.u64 = (static_cast<uint64_t>(c.seq) << 32) | slot;
  if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    int e = errno;
    close_fd(c);
    return fail(std::string("epoll: ") + std::strerror(e));
  }
  c.st = St::connecting;
  if (c.kind == Kind::visitor) {
    set_timer(slot, c.connect_start + sec_to_us(o_.timeout));  // the whole visit
  } else {
    set_timer(slot, now_ + sec_to_us(o_.timeout));  // connect timeout
  }
}

void Engine::connect_failed(uint32_t slot, const std::string& why) {
  Conn& c = conns_[slot];
  socket_errors_++;
  if (c.kind == Kind::poller) {
    pollers_.errors["connect: " + why]++;
    c.st = St::closed;
    c.fail_streak++;
    reconnect_poller(slot, std::min<int64_t>(100000LL << std::min<uint32_t>(c.fail_streak, 5), 2000000));
  } else if (c.kind == Kind::visitor) {
    visitors_.errors["connect: " + why]++;
    visitor_finish(slot, nullptr);
  } else {
    auto& h = hold_of(c.kind);
    h.connect_failures++;
    h.connect_errors[why]++;
    c.st = St::done;
  }
}

void Engine::on_connected(uint32_t slot) {
  Conn& c = conns_[slot];
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    std::string why = std::strerror(err);
    close_fd(c);
    connect_failed(slot, why);
    return;
  }
  c.connected_at = now_;
  switch (c.kind) {
    case Kind::poller:
      pollers_.connect.add(now_ - c.connect_start);
      c.st = St::ready;
      watch(c, slot, false);
      if (stopping()) {
        close_fd(c);
        c.st = St::done;
        cancel_timer(slot);
      } else if (c.due <= now_) {
        send_poll(slot, false);
      } else {
        set_timer(slot, c.due);
      }
      break;
    case Kind::visitor:
      visitors_.connect.add(now_ - c.connect_start);
      c.st = St::in_flight;
      c.out = visitor_request_;
      c.out_off = 0;
      c.sent_at = now_;
      c.outstanding = 1;
      visitors_.sent++;
      flush(slot);
      break;
    case Kind::slow:
    case Kind::idle: {
      HoldStats& h = hold_of(c.kind);
      h.connect.add(now_ - c.connect_start);
      h.opened++;
      c.st = St::holding;
      watch(c, slot, false);
      if (c.kind == Kind::slow) {
        c.out_off = 0;
        set_timer(slot, now_);  // first byte now, then one per interval
      } else {
        cancel_timer(slot);
      }
      break;
    }
  }
}

void Engine::flush(uint32_t slot) {
  Conn& c = conns_[slot];
  while (c.out_off < c.out.size()) {
    ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      watch(c, slot, true);
      return;
    }
    // the server has gone
    std::string why = std::string("send: ") + std::strerror(errno);
    if (c.kind == Kind::poller) {
      poller_broken(slot, why.c_str());
    } else if (c.kind == Kind::visitor) {
      visitors_.errors[why]++;
      visitor_finish(slot, nullptr);
    }
    return;
  }
  c.out.clear();
  c.out_off = 0;
  watch(c, slot, false);
}

void Engine::send_poll(uint32_t slot, bool timer_driven) {
  Conn& c = conns_[slot];
  if (timer_driven) record_lag(c.due, now_);
  pollers_.send_delay.add(now_ - c.due);
  c.out = poll_requests_[c.index % poll_requests_.size()];
  c.out_off = 0;
  c.sent_at = now_;
  c.outstanding = o_.pipeline;
  c.st = St::in_flight;
  pollers_in_flight_++;
  pollers_.sent += o_.pipeline;
  c.due = c.sent_at + sec_to_us(o_.interval);  // like setInterval: from this send
  set_timer(slot, now_ + sec_to_us(o_.timeout));
  flush(slot);
}

void Engine::reconnect_poller(uint32_t slot, int64_t delay_us) {
  Conn& c = conns_[slot];
  c.st = St::closed;
  if (stopping() || now_ + delay_us >= end_) {
    c.st = St::done;
    cancel_timer(slot);
    return;
  }
  set_timer(slot, now_ + delay_us);
}

// The connection of a poller ended badly (timeout, reset, closed with answers owed).
void Engine::poller_broken(uint32_t slot, const char* why, bool count_reconnect) {
  Conn& c = conns_[slot];
  if (c.st == St::in_flight) {
    pollers_in_flight_--;
    if (why) pollers_.errors[why] += c.outstanding;
  } else if (why) {
    pollers_.errors[why]++;
  }
  bool had_answer = c.answered_on_this;
  close_fd(c);
  if (count_reconnect) pollers_.reconnects++;
  if (!had_answer) c.fail_streak++;
  int64_t delay = had_answer ? 0 : std::min<int64_t>(50000LL << std::min<uint32_t>(c.fail_streak, 5), 2000000);
  reconnect_poller(slot, delay);
}

void Engine::poller_after_answer(uint32_t slot) {
  Conn& c = conns_[slot];
  pollers_in_flight_--;
  if (c.close_after) {
    pollers_.close_after_response++;
    close_fd(c);
    pollers_.reconnects++;
    reconnect_poller(slot, 0);
    return;
  }
  if (stopping()) {
    close_fd(c);
    c.st = St::done;
    cancel_timer(slot);
    return;
  }
  c.st = St::ready;
  if (c.due <= now_) {
    send_poll(slot, false);  // the answer came after the next poll was due
  } else {
    set_timer(slot, c.due);
  }
}

void Engine::visitor_finish(uint32_t slot, const char* failure) {
  Conn& c = conns_[slot];
  if (failure) visitors_.errors[failure]++;
  close_fd(c);
  cancel_timer(slot);
  c.st = St::closed;
  visitors_live_--;
  free_visitor_slots_.push_back(slot);
}

void Engine::hold_closed(uint32_t slot, const char* why) {
  Conn& c = conns_[slot];
  auto& h = hold_of(c.kind);
  h.closed_by_server++;
  h.close_after.add(now_ - c.connected_at);
  close_fd(c);
  cancel_timer(slot);
  c.st = St::done;
}

void Engine::spawn_visitor() {
  uint32_t slot;
  if (!free_visitor_slots_.empty()) {
    slot = free_visitor_slots_.back();
    free_visitor_slots_.pop_back();
  } else {
    conns_.emplace_back();
    slot = static_cast<uint32_t>(conns_.size() - 1);
  }
  Conn& c = conns_[slot];
  c.kind = Kind::visitor;
  c.index = static_cast<uint32_t>(visitor_seq_++);
  visitors_live_++;
  open(slot);
}

void Engine::on_event(uint32_t slot, uint32_t events) {
  Conn& c = conns_[slot];
  if (c.fd < 0) return;
  if (c.st == St::connecting) {
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) on_connected(slot);
    return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
    on_readable(slot);
    if (conns_[slot].fd < 0 || conns_[slot].seq != c.seq) return;
  }
  if (events & EPOLLOUT) on_writable(slot);
}

void Engine::on_writable(uint32_t slot) {
  Conn& c = conns_[slot];
  if (c.fd < 0) return;
  if (c.out_off < c.out.size()) {
    flush(slot);
  } else {
    watch(c, slot, false);
  }
}

void Engine::count_answer(Conn& c, GroupStats& g, int status) {
  g.latency.add(c.kind == Kind::visitor ? now_ - c.connect_start : now_ - c.sent_at);
  g.answered++;
  g.by_status[status]++;
  c.outstanding--;
  c.answered_on_this = true;
}

void Engine::on_readable(uint32_t slot) {
  Conn& c = conns_[slot];
  static char buf[65536];
  bool eof = false;
  int read_errno = 0;
  for (int rounds = 0; rounds < 16; ++rounds) {
    ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.parser.feed(buf, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof buf) {
        // Peek for an orderly close that arrived with the data.
        break;
      }
      continue;
    }
    if (n == 0) {
      eof = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      read_errno = errno;
      eof = true;
    }
    break;
  }

  if (c.kind == Kind::slow || c.kind == Kind::idle) {
    auto& h = hold_of(c.kind);
    Response r;
    while (c.parser.next(r) == ResponseParser::Result::complete) h.by_status[r.status]++;
    if (eof) {
      if (c.parser.at_eof(r) == ResponseParser::Result::complete) h.by_status[r.status]++;
      hold_closed(slot, read_errno ? "reset" : "closed");
    }
    return;
  }

  GroupStats& g = c.kind == Kind::poller ? pollers_ : visitors_;
  Response r;
  while (true) {
    auto res = c.parser.next(r);
    if (res == ResponseParser::Result::need_more) break;
    if (res == ResponseParser::Result::error) {
      std::string why = "bad response: " + c.parser.error();
      if (c.kind == Kind::poller) {
        poller_broken(slot, why.c_str());
      } else {
        visitors_.errors[why]++;
        visitor_finish(slot, nullptr);
      }
      return;
    }
    // a complete response
    if (c.outstanding == 0) {
      g.unsolicited++;
      g.by_status[r.status]++;
      if (r.close) c.close_after = true;
      continue;
    }
    count_answer(c, g, r.status);
    c.fail_streak = 0;
    if (r.close) c.close_after = true;
    if (c.kind == Kind::visitor) {
      visitor_finish(slot, nullptr);
      return;
    }
    if (c.outstanding == 0) {
      if (c.parser.mid_response()) {
        // bytes beyond the answers we asked for: keep parsing them as unsolicited
        continue;
      }
      if (eof) c.close_after = true;
      poller_after_answer(slot);
      return;
    }
  }

  if (!eof) return;
  if (c.parser.at_eof(r) == ResponseParser::Result::complete && c.outstanding > 0) {
    count_answer(c, g, r.status);
    if (c.kind == Kind::visitor) {
      visitor_finish(slot, nullptr);
      return;
    }
    if (c.outstanding == 0) {
      c.close_after = true;
      poller_after_answer(slot);
      return;
    }
  }
  // On a kept-alive connection that already carried answers, a close that races the
  // next request is what a browser silently retries; it is counted apart.
  const char* why = read_errno ? (c.answered_on_this ? "reset by server (reused connection)" : "reset by server")
                               : (c.answered_on_this ? "closed before the answer (reused connection)"
                                                     : "closed before the answer");
  if (c.parser.mid_response() && !read_errno) why = "closed mid-answer";
  if (c.kind == Kind::visitor) {
    visitor_finish(slot, why);
    return;
  }
  if (c.st == St::in_flight) {
    poller_broken(slot, why);
  } else {
    // idle keep-alive connection closed by the server: reconnect, nothing lost
    pollers_.server_closed_idle++;
    poller_broken(slot, nullptr);
  }
}

void Engine::on_timer(const Timer& t) {
  if (t.slot == kEnd) return;
  if (t.slot == kVisitorSpawn) {
    record_lag(t.when, now_);
    if (in_run(t.when)) {
      spawn_visitor();
      int64_t next = t.when + sec_to_us(o_.visitor_interval_ms / 1000.0);
      if (in_run(next)) timers_.push(Timer{next, kVisitorSpawn, 0});
    }
    return;
  }
  if (t.slot == kProgress) {
    progress_line();
    int64_t next = t.when + sec_to_us(o_.progress);
    if (in_run(next)) timers_.push(Timer{next, kProgress, 0});
    return;
  }
  Conn& c = conns_[t.slot];
  if (c.gen != t.gen) return;  // superseded
  switch (c.kind) {
    case Kind::poller:
      switch (c.st) {
        case St::closed:  // scheduled (re)connect
          if (c.fd < 0 && c.seq == 0) record_lag(t.when, now_);  // first, scheduled connect
          if (stopping()) {
            c.st = St::done;
          } else {
            open(t.slot);
          }
          break;
        case St::connecting:
          poller_broken(t.slot, "connect timeout");
          break;
        case St::ready:
          if (stopping()) {
            close_fd(c);
            c.st = St::done;
          } else {
            send_poll(t.slot, true);
          }
          break;
        case St::in_flight:
          pollers_.timeouts += c.outstanding;
          c.outstanding = 0;
          poller_broken(t.slot, nullptr);
          break;
        default:
          break;
      }
      break;
    case Kind::visitor:
      if (c.st == St::connecting) {
        visitors_.timeouts++;
        visitors_.connect_timeouts++;
        visitor_finish(t.slot, nullptr);
      } else if (c.st == St::in_flight) {
        visitors_.timeouts++;
        visitor_finish(t.slot, nullptr);
      }
      break;
    case Kind::slow:
    case Kind::idle:
      if (c.st == St::closed) {  // scheduled connect
        record_lag(t.when, now_);
        if (!stopping()) open(t.slot);
      } else if (c.st == St::connecting) {
        auto& h = hold_of(c.kind);
        h.connect_failures++;
        h.connect_errors["connect timeout"]++;
        close_fd(c);
        c.st = St::done;
      } else if (c.st == St::holding && c.kind == Kind::slow) {
        if (c.out_off > 0) record_lag(t.when, now_);
        if (stopping()) break;
        if (c.out_off + 1 >= slow_header_.size()) break;  // never complete the header
        ssize_t n = ::send(c.fd, slow_header_.data() + c.out_off, 1, MSG_NOSIGNAL);
        if (n == 1) {
          c.out_off++;
          slow_.bytes_sent++;
          set_timer(t.slot, t.when + sec_to_us(o_.slow_byte_interval));
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
          set_timer(t.slot, t.when + sec_to_us(o_.slow_byte_interval));
        } else {
          hold_closed(t.slot, "send failed");
        }
      }
      break;
  }
}

void Engine::progress_line() {
  double t = static_cast<double>(now_ - start_) / 1e6;
  std::fprintf(stderr,
               "crowd: t=%5.1fs open=%zu polls sent=%llu answered=%llu timeouts=%llu errors=%llu reconnects=%llu"
               " visitors=%llu/%llu slow_closed=%llu idle_closed=%llu lag_max=%.1fms cpu=%.1fs\n",
               t, open_now_, static_cast<unsigned long long>(pollers_.sent),
               static_cast<unsigned long long>(pollers_.answered), static_cast<unsigned long long>(pollers_.timeouts),
               static_cast<unsigned long long>(pollers_.error_total()),
               static_cast<unsigned long long>(pollers_.reconnects),
               static_cast<unsigned long long>(visitors_.answered), static_cast<unsigned long long>(visitors_.sent),
               static_cast<unsigned long long>(slow_.closed_by_server),
               static_cast<unsigned long long>(idle_.closed_by_server),
               static_cast<double>(window_lag_max_) / 1000.0, cpu_seconds());
  window_lag_max_ = 0;
}

json Engine::group_json(GroupStats& g, bool visitors) {
  json j;
  j["sent"] = g.sent;
  j["answered"] = g.answered;
  j["by_status"] = g.status_json();
  j["timeouts"] = g.timeouts;
  j["errors"] = g.error_total();
  j["error_kinds"] = g.errors_json();
  if (visitors) {
    j["attempts"] = visitor_seq_;
    j["failures"] = g.error_total();
    j["timeouts_while_connecting"] = g.connect_timeouts;
  } else {
    j["reconnects"] = g.reconnects;
    j["server_closed_idle"] = g.server_closed_idle;
    j["server_said_close"] = g.close_after_response;
  }
  j["unsolicited"] = g.unsolicited;
  j["latency_ms"] = g.latency.summary();
  j["over_100ms"] = g.latency.count_over_ms(100);
  j["over_1s"] = g.latency.count_over_ms(1000);
  j["over_10s"] = g.latency.count_over_ms(10000);
  j["connect_ms"] = g.connect.summary();
  if (!visitors) {
    json d = g.send_delay.summary();
    j["send_delay_ms"] = {{"p99", d["p99"]}, {"max", d["max"]}};
  }
  return j;
}

json Engine::hold_json(HoldStats& h, size_t count) {
  json j;
  j["count"] = count;
  j["connected"] = h.opened;
  j["connect_failures"] = h.connect_failures;
  json ce = json::object();
  for (const auto& [k, v] : h.connect_errors) ce[k] = v;
  j["connect_errors"] = ce;
  j["closed_by_server"] = h.closed_by_server;
  j["still_open_at_end"] = h.still_open;
  j["close_after_s"] = {{"min", Samples::round3(h.close_after.min_ms() / 1000.0)},
                        {"median", Samples::round3(h.close_after.percentile_ms(0.5) / 1000.0)},
                        {"max", Samples::round3(h.close_after.max_ms() / 1000.0)}};
  json st = json::object();
  for (const auto& [k, v] : h.by_status) st[std::to_string(k)] = v;
  j["answers_before_close"] = st;
  j["connect_ms"] = h.connect.summary();
  if (&h == &slow_) j["bytes_sent"] = h.bytes_sent;
  return j;
}

json Engine::run() {
  signal(SIGPIPE, SIG_IGN);
  const size_t np = o_.pollers, ns = o_.slow, ni = o_.idle;
  const size_t base_slow = np, base_idle = np + ns;
  conns_.resize(np + ns + ni);

  double cpu0 = cpu_seconds();
  start_ = now_us();
  now_ = start_;
  end_ = start_ + sec_to_us(o_.duration);

  // Pollers: the first poll of poller i is due at i*interval/N (uniform over the first
  // interval); its connection opens at i/ramp (default: the same moment).
  double ramp = o_.ramp > 0 ? o_.ramp : (np > 0 ? static_cast<double>(np) / o_.interval : 1);
  for (size_t i = 0; i < np; ++i) {
    Conn& c = conns_[i];
    c.kind = Kind::poller;
    c.index = static_cast<uint32_t>(i);
    int64_t first_due = start_ + sec_to_us(o_.interval * static_cast<double>(i) / static_cast<double>(np));
    int64_t connect_at = start_ + sec_to_us(static_cast<double>(i) / ramp);
    c.due = std::max(first_due, connect_at);
    set_timer(static_cast<uint32_t>(i), connect_at);
  }
  // Slow and idle: interleaved, all within the first second by default.
  size_t nh = ns + ni;
  double aramp = o_.attack_ramp > 0 ? o_.attack_ramp : (nh > 0 ? static_cast<double>(nh) : 1);
  {
    size_t s = 0, i = 0;
    for (size_t k = 0; k < nh; ++k) {
      size_t slot;
      bool take_slow = (s < ns) && (i >= ni || s * ni <= i * ns);
      if (take_slow) {
        slot = base_slow + s++;
        conns_[slot].kind = Kind::slow;
      } else {
        slot = base_idle + i++;
        conns_[slot].kind = Kind::idle;
      }
      conns_[slot].index = static_cast<uint32_t>(k);
      set_timer(static_cast<uint32_t>(slot), start_ + sec_to_us(static_cast<double>(k) / aramp));
    }
  }
  if (o_.visitor_interval_ms > 0) timers_.push(Timer{start_, kVisitorSpawn, 0});
  if (o_.progress > 0) timers_.push(Timer{start_ + sec_to_us(o_.progress), kProgress, 0});
  timers_.push(Timer{end_, kEnd, 0});

  std::vector<epoll_event> events(4096);
  bool hold_snapshot_done = false;
  int64_t drain_deadline = end_ + sec_to_us(o_.timeout) + 500000;
  while (true) {
    now_ = now_us();
    if (!hold_snapshot_done && now_ >= end_) {
      hold_snapshot_done = true;
      for (size_t k = base_slow; k < base_slow + nh; ++k) {
        Conn& c = conns_[k];
        if (c.st == St::holding) hold_of(c.kind).still_open++;
        if (c.st == St::connecting) {
          hold_of(c.kind).connect_failures++;
          hold_of(c.kind).connect_errors["still connecting at the end"]++;
        }
        close_fd(c);
        cancel_timer(static_cast<uint32_t>(k));
        c.st = St::done;
      }
      // idle keep-alive pollers are done; those with a poll in flight drain
      for (size_t k = 0; k < np; ++k) {
        Conn& c = conns_[k];
        if (c.st == St::ready || c.st == St::closed) {
          close_fd(c);
          cancel_timer(static_cast<uint32_t>(k));
          c.st = St::done;
        }
      }
    }
    if (hold_snapshot_done) {
      bool busy = pollers_in_flight_ > 0 || visitors_live_ > 0;
      for (size_t k = 0; k < np && !busy; ++k) busy = conns_[k].st == St::connecting;
      if (!busy || now_ >= drain_deadline) break;
    }
    int wait_ms = 100;
    if (!timers_.empty()) {
      int64_t d = timers_.top().when - now_;
      wait_ms = d <= 0 ? 0 : static_cast<int>(std::min<int64_t>((d + 999) / 1000, 100));
    }
    int n = epoll_wait(ep_, events.data(), static_cast<int>(events.size()), wait_ms);
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    now_ = now_us();
    for (int e = 0; e < n; ++e) {
      uint32_t slot = static_cast<uint32_t>(events[e].data.u64 & 0xffffffffu);
      uint32_t seq = static_cast<uint32_t>(events[e].data.u64 >> 32);
      if (slot >= conns_.size() || conns_[slot].seq != seq) continue;  // stale
      on_event(slot, events[e].events);
    }
    now_ = now_us();
    while (!timers_.empty() && timers_.top().when <= now_) {
      Timer t = timers_.top();
      timers_.pop();
      on_timer(t);
    }
  }
  // Whatever is still in flight after the drain is lost.
  uint64_t unfinished = 0;
  for (size_t k = 0; k < np; ++k) {
    Conn& c = conns_[k];
    if (c.st == St::in_flight) unfinished += c.outstanding;
    close_fd(c);
  }
  if (unfinished) pollers_.errors["unfinished at the end"] += unfinished;
  for (auto& c : conns_)
    if (c.kind == Kind::visitor && c.fd >= 0) {
      visitors_.errors["unfinished at the end"]++;
      close_fd(c);
    }

  int64_t stop = now_us();
  double wall = static_cast<double>(stop - start_) / 1e6;
  double cpu = cpu_seconds() - cpu0;

  json out;
  out["target"] = o_.url;
  out["duration_s"] = o_.duration;
  out["wall_s"] = Samples::round3(wall);
  if (np > 0) {
    json p = group_json(pollers_, false);
    json head;
    head["count"] = np;
    head["interval_s"] = o_.interval;
    head["pipeline"] = o_.pipeline;
    head["paths"] = paths_.size();
    for (auto it = p.begin(); it != p.end(); ++it) head[it.key()] = it.value();
    out["pollers"] = head;
  }
  if (o_.visitor_interval_ms > 0) {
    json v;
    v["interval_ms"] = o_.visitor_interval_ms;
    v["path"] = o_.visitor_path;
    json g = group_json(visitors_, true);
    for (auto it = g.begin(); it != g.end(); ++it) v[it.key()] = it.value();
    out["visitors"] = v;
  }
  if (ns > 0) {
    json s = hold_json(slow_, ns);
    s["byte_interval_s"] = o_.slow_byte_interval;
    out["slow"] = s;
  }
  if (ni > 0) out["idle"] = hold_json(idle_, ni);
  json client;
  client["cpu_s"] = Samples::round3(cpu);
  client["cpu_pct"] = Samples::round3(wall > 0 ? 100.0 * cpu / wall : 0);
  client["schedule_lag_ms"] = {{"p50", Samples::round3(lag_.percentile_ms(0.5))},
                               {"p99", Samples::round3(lag_.percentile_ms(0.99))},
                               {"max", Samples::round3(lag_.max_ms())},
                               {"count", lag_.size()}};
  client["max_open_connections"] = open_max_;
  client["socket_errors"] = socket_errors_;
  out["client"] = client;
  return out;
}

std::vector<std::string> read_paths(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::vector<std::string> paths;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    if (line[0] == '#') continue;
    if (line[0] != '/') line = "/" + line;
    paths.push_back(line);
  }
  if (paths.empty()) throw std::runtime_error(file + " has no paths");
  return paths;
}

rlim_t raise_nofile() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit want = rl;
    want.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) rl = want;
  }
  return rl.rlim_cur;
}

void print_summary(const json& r) {
  auto lat = [](const json& l) {
    char b[200];
    std::snprintf(b, sizeof b, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms", l["p50"].get<double>(),
                  l["p90"].get<double>(), l["p99"].get<double>(), l["p999"].get<double>(), l["max"].get<double>());
    return std::string(b);
  };
  std::ostringstream s;
  s << "crowd: " << r["target"].get<std::string>() << ", " << r["duration_s"] << " s (wall " << r["wall_s"]
    << " s)\n";
  if (r.contains("seed")) {
    const auto& sd = r["seed"];
    s << "  seed: " << sd["created"] << " candidates in " << sd["seconds"] << " s (" << sd["per_second"]
      << "/s)\n";
  }
  if (r.contains("pollers")) {
    const auto& p = r["pollers"];
    s << "  pollers " << p["count"] << " (every " << p["interval_s"] << " s): sent " << p["sent"] << ", answered "
      << p["answered"] << ", timeouts " << p["timeouts"] << ", errors " << p["errors"] << ", reconnects "
      << p["reconnects"] << ", status " << p["by_status"].dump() << "\n";
    if (p["errors"].get<uint64_t>() > 0) s << "    errors: " << p["error_kinds"].dump() << "\n";
    s << "    latency " << lat(p["latency_ms"]) << "; >1 s: " << p["over_1s"] << "\n";
  }
  if (r.contains("visitors")) {
    const auto& v = r["visitors"];
    s << "  visitors (" << v["path"].get<std::string>() << " every " << v["interval_ms"] << " ms): attempts "
      << v["attempts"] << ", sent " << v["sent"] << ", answered " << v["answered"] << ", timeouts " << v["timeouts"] << ", failures "
      << v["failures"] << ", status " << v["by_status"].dump() << "\n";
    if (v["failures"].get<uint64_t>() > 0) s << "    failures: " << v["error_kinds"].dump() << "\n";
    s << "    latency " << lat(v["latency_ms"]) << "\n";
  }
  for (const char* k : {"slow", "idle"}) {
    if (!r.contains(k)) continue;
    const auto& h = r[k];
    s << "  " << k << " " << h["count"] << ": connected " << h["connected"] << ", closed by server "
      << h["closed_by_server"] << " (after min " << h["close_after_s"]["min"] << " / median "
      << h["close_after_s"]["median"] << " / max " << h["close_after_s"]["max"] << " s), still open at end "
      << h["still_open_at_end"] << ", connect failures " << h["connect_failures"] << "\n";
  }
  const auto& c = r["client"];
  s << "  client: cpu " << c["cpu_s"] << " s (" << c["cpu_pct"] << " % of a core), schedule lag p99 "
    << c["schedule_lag_ms"]["p99"] << " ms max " << c["schedule_lag_ms"]["max"] << " ms, max open connections "
    << c["max_open_connections"] << ", fd limit " << c["rlimit_nofile"] << "\n";
  std::cerr << s.str();
}

}  // namespace
}  // namespace crowd

int main(int argc, char** argv) {
  using namespace crowd;
  Options o = parse_options(argc, argv);
  try {
    rlim_t nofile = raise_nofile();
    Target target = parse_target(o.url);
    std::vector<in_addr> sources = parse_sources(o.sources);
    size_t wanted = o.pollers + o.slow + o.idle + 64;
    if (nofile != 0 && wanted > nofile)
      std::cerr << "crowd: warning: " << wanted << " connections wanted but the file limit is " << nofile << "\n";

    json seed_json;
    std::vector<std::string> paths;
    if (o.seed > 0) {
      std::cerr << "crowd: seeding " << o.seed << " candidates over " << o.seed_concurrency << " connections\n";
      SeedResult sr = seed_candidates(target, sources, o.seed, o.seed_concurrency, o.timeout * 3);
      if (!sr.error.empty()) {
        std::cerr << "crowd: seeding failed: " << sr.error << "\n";
        return 1;
      }
      for (const auto& id : sr.user_ids) paths.push_back("/status/" + id);
      seed_json["created"] = sr.user_ids.size();
      seed_json["seconds"] = Samples::round3(sr.seconds);
      seed_json["per_second"] = Samples::round3(sr.seconds > 0 ? static_cast<double>(sr.user_ids.size()) / sr.seconds : 0);
      seed_json["retries"] = sr.failures;
      seed_json["join_status"] = sr.join_status;
      std::cerr << "crowd: seeded " << sr.user_ids.size() << " candidates in " << sr.seconds << " s ("
                << seed_json["per_second"] << "/s)\n";
      if (!o.seed_out.empty()) {
        std::ofstream out(o.seed_out);
        for (const auto& p : paths) out << p << "\n";
        if (!out) throw std::runtime_error("cannot write " + o.seed_out);
      }
    }
    if (!o.paths_file.empty()) paths = read_paths(o.paths_file);
    if (paths.empty()) paths.push_back("/health");

    json result;
    if (o.pollers + o.slow + o.idle > 0 || o.visitor_interval_ms > 0) {
      Engine engine(o, target, sources, paths);
      result = engine.run();
    } else {
      result["target"] = o.url;
      result["duration_s"] = 0;
      result["wall_s"] = 0;
      result["client"] = {{"cpu_s", Samples::round3(cpu_seconds())}, {"cpu_pct", 0},
                          {"schedule_lag_ms", {{"p50", 0}, {"p99", 0}, {"max", 0}, {"count", 0}}},
                          {"max_open_connections", 0}};
    }
    result["client"]["rlimit_nofile"] = static_cast<uint64_t>(nofile);
    result["client"]["source_addresses"] = std::max<size_t>(sources.size(), 1);
    if (o.seed > 0) {
      nlohmann::ordered_json ordered;
      ordered["seed"] = seed_json;
      for (auto it = result.begin(); it != result.end(); ++it) ordered[it.key()] = it.value();
      result = ordered;
    }
    std::cout << result.dump() << std::endl;
    print_summary(result);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "crowd: " << e.what() << "\n";
    return 1;
  }
}
