#pragma once
// Starts scripts/serve for real (nginx in front of the built interview-server)
// on free ports with a temporary DATA_DIR, waits for its "front listening on"
// line, keeps its stdout and stderr for failure messages, and finds the
// processes it started (the server and every nginx process) so tests can
// check that none outlives it. Also: raw sockets, process and port probes.
#include <httplib.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace interview::testing {

using Env = std::map<std::string, std::string>;

// The built server and the repository (set by CMake).
std::string server_binary();
std::string repo_root();

// A port on 127.0.0.1 nothing listens on right now.
int free_port();
// Whether something accepts connections on 127.0.0.1:port.
bool port_open(int port);
// Exists and has not exited (a zombie has exited).
bool process_running(pid_t pid);
// Resident memory in KiB from /proc/PID/status (0 if gone).
long rss_kib(pid_t pid);
// Running processes in process group pgid.
std::vector<pid_t> group_members(pid_t pgid);

// A fresh directory under /tmp, readable by all (nginx workers run as nobody
// when started by root), removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A blocking TCP connection to 127.0.0.1:port, optionally from a chosen
// source address (127.0.0.2 makes the client differ from nginx on loopback).
class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& source_address = "");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  int fd() const { return fd_; }
  // Sends all of data (false if the peer closed or reset).
  bool send_all(const std::string& data);
  // Reads until the peer closes or `timeout` passes; returns what arrived.
  std::string read_until_close(std::chrono::milliseconds timeout);
  // Reads until `expected` whole HTTP/1.1 responses (Content-Length bodies)
  // arrived, the peer closes, or `timeout` passes.
  std::string read_responses(std::size_t expected, std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// One HTTP response parsed from raw bytes.
struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};
// Splits back-to-back HTTP/1.1 responses with Content-Length bodies.
std::vector<RawResponse> parse_responses(const std::string& bytes);

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
  httplib::Client client() const;
  httplib::Client backend_client() const;

  pid_t pid() const { return pid_; }
  pid_t server_pid() const { return server_pid_; }
  pid_t nginx_pid() const { return nginx_pid_; }
  // The nginx master and its workers running now.
  std::vector<pid_t> nginx_pids() const;

  void signal(int sig) const;
  // Waits for scripts/serve to exit: its exit status, or 128 + the signal
  // that killed it; nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string out() const;
  std::string err() const;
  // Both, labelled, for failure messages.
  std::string output() const;

 private:
  void reader_loop(int out_fd, int err_fd);
  void find_children();
  void kill_everything();
  void shutdown();

  TempDir data_dir_;
  int port_ = -1, backend_port_ = -1;
  std::string url_;
  pid_t pid_ = -1, server_pid_ = -1, nginx_pid_ = -1;
  std::optional<int> exit_status_;
  std::atomic<bool> stop_{false};
  std::thread reader_;
  mutable std::mutex mu_;
  std::string out_, err_;
};

}  // namespace interview::testing
