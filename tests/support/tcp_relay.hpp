#pragma once
// A TCP relay for fault tests: listens on 127.0.0.1 (a free port), forwards
// every connection to a target host:port, and can be told to drop every
// connection (open ones are closed, new ones are closed at once) or to stall
// them (bytes are held, nothing is forwarded) until it passes again. Put it
// between the servers under test and a dependency (the Firestore emulator)
// to make that dependency unreachable without losing its state.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace interview::testing {

class TcpRelay {
 public:
  enum class Mode { pass, drop, stall };

  TcpRelay(std::string target_host, int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int port() const { return port_; }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }
  void set_mode(Mode mode);
  Mode mode() const { return mode_; }
  int connections_accepted() const { return accepted_; }
  int connections_dropped() const { return dropped_; }

 private:
  struct Pair;
  void accept_loop();
  void pump(std::shared_ptr<Pair> pair);

  std::string host_;
  int target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<Mode> mode_{Mode::pass};
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0}, dropped_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::shared_ptr<Pair>> pairs_;
  std::vector<std::thread> pumps_;
};

}  // namespace interview::testing
