#pragma once
// Starts scripts/serve for real (nginx in front of the built interview-server)
// on free ports with a temporary DATA_DIR, waits for its "front listening on"
// line, keeps its stdout and stderr for failure messages, and finds the
// processes it started (the server and every nginx process) so tests can
// check that none outlives it. Brings the shared helpers (tests/support):
// raw sockets, temporary directories, process and port probes.
#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/probes.hpp"
#include "tests/support/raw_socket.hpp"
#include "tests/support/temp_dir.hpp"

namespace interview::testing {

class FrontProcess {
 public:
  // env is added to (and overrides) the test's own environment; PORT,
  // BACKEND_PORT, DATA_DIR, HOST=127.0.0.1 and SERVER_BINARY are filled in
  // unless given. With wait_ready false the constructor returns at once
  // (for runs expected to fail).
  explicit FrontProcess(std::map<std::string, std::string> env = {}, bool wait_ready = true);
  ~FrontProcess();
  FrontProcess(const FrontProcess&) = delete;
  FrontProcess& operator=(const FrontProcess&) = delete;

  int port() const { return port_; }
  int backend_port() const { return backend_port_; }
  const std::string& data_dir() const { return data_dir_.path(); }
  // The address from the "front listening on" line.
  const std::string& url() const { return url_; }
  httplib::Client client() const { return local_client(port_); }
  httplib::Client backend_client() const { return local_client(backend_port_); }

  pid_t pid() const { return process_->pid(); }
  pid_t server_pid() const { return server_pid_; }
  pid_t nginx_pid() const { return nginx_pid_; }
  // The nginx master and its workers running now.
  std::vector<pid_t> nginx_pids() const;

  void signal(int sig) const { process_->signal(sig); }
  // Waits for scripts/serve to exit: its exit status, or 128 + the signal
  // that killed it; nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string out() const { return process_->out(); }
  std::string err() const { return process_->err(); }
  // Both, labelled, for failure messages.
  std::string output() const;

 private:
  void find_children();
  void shutdown();

  TempDir data_dir_{"front-test"};
  int port_ = -1, backend_port_ = -1;
  std::string url_;
  pid_t server_pid_ = -1, nginx_pid_ = -1;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace interview::testing
