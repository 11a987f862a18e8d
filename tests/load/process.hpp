#pragma once
// A child process for the load tests: started with extra environment, its stdout and
// stderr captured apart (the load client prints its JSON on stdout), found ready by a
// line it prints, stopped by its pid. Same approach as tests/integration/server_process.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace interview::load {

class Process {
 public:
  Process(std::vector<std::string> argv, const std::map<std::string, std::string>& env);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Waits until stdout or stderr matches the regex; returns capture group 1 (or the
  // whole match), or nothing when the process exited or the time ran out.
  std::optional<std::string> wait_for(const std::string& regex, std::chrono::seconds timeout);
  // Waits for the process to exit; the exit status, or nothing on timeout.
  std::optional<int> wait_exit(std::chrono::seconds timeout);
  // SIGTERM, wait, then SIGKILL; the exit status (-1 if killed by a signal).
  int terminate(std::chrono::seconds timeout);
  bool running();
  int pid() const { return pid_; }
  std::string out() const;
  std::string err() const;

 private:
  void reap(int status);
  int pid_ = -1;
  std::optional<int> status_;
  std::thread out_reader_, err_reader_;
  mutable std::mutex mu_;
  std::string out_, err_;
};

// A free TCP port on 127.0.0.1 (bound, read, released).
int free_port();

// A temporary directory removed with its contents.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The last `max` characters of s (for failure messages).
std::string tail(const std::string& s, size_t max = 3000);

}  // namespace interview::load
