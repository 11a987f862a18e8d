#pragma once
// Starts the real interview-server binary on a free port (PORT=0) with the
// given environment, finds its port from the "listening on" line, keeps its
// output (stdout and stderr together) for failure messages, and stops it
// with SIGTERM.
#include <httplib.h>

#include <map>
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/probes.hpp"

namespace interview::testing {

class ServerProcess {
 public:
  explicit ServerProcess(std::map<std::string, std::string> env);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  httplib::Client client() const { return local_client(port_); }
  // Sends SIGTERM and waits; returns the exit status (-1 if killed by a signal).
  int terminate(int timeout_seconds = 15);
  bool running() const { return process_ && pid_ > 0; }
  int pid() const { return pid_; }
  std::string output() const;

 private:
  std::unique_ptr<ChildProcess> process_;
  int pid_ = -1;
  int port_ = -1;
};

}  // namespace interview::testing
