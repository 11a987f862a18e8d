#pragma once
// The one process launcher of the tests: starts argv with the test's own
// environment plus (or minus) the given variables, stdin from /dev/null,
// stdout and stderr captured (apart, or merged into out()), finds a line in
// them, waits for the exit, stops the process with SIGTERM and then SIGKILL.
// The destructor stops whatever is still running. ServerProcess
// (server_process.hpp) and tests/front's FrontProcess are built on it.
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

class ChildProcess {
 public:
  struct Options {
    bool merge_stderr = false;        // stderr goes into out() as well
    std::vector<std::string> unset;  // variables of the test's environment the child does not get
    bool own_group = false;           // in a process group of its own (kill(-pid) reaches its children)
  };
  ChildProcess(std::vector<std::string> argv, const Env& env, Options options);
  ChildProcess(std::vector<std::string> argv, const Env& env) : ChildProcess(std::move(argv), env, Options{}) {}
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Not yet exited (reaps it when it has).
  bool running();
  // Waits until stdout or stderr matches the regex; returns capture group 1
  // (or the whole match), or nothing when the process exited or time ran out.
  std::optional<std::string> wait_for(const std::string& regex, std::chrono::milliseconds timeout);
  // Waits for the exit: the exit status (-1 if a signal ended it), or nothing
  // on timeout. Once it is known, out() and err() hold all the process wrote.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // The signal that ended the process, 0 if it exited (or still runs).
  int term_signal() const { return term_signal_; }
  void signal(int sig) const;
  // SIGTERM, wait up to `timeout`, then SIGKILL; the exit status (-1 if a
  // signal ended it).
  int terminate(std::chrono::milliseconds timeout);
  std::string out() const;
  std::string err() const;
  // Stops reading the output (what is in the pipes now is still read); for
  // the destructor, or when a grandchild might hold a pipe open for ever.
  void stop_reading();

 private:
  void reader_loop();
  void drain();  // reads what the pipes hold now
  void reap(int status);

  pid_t pid_ = -1;
  std::optional<int> status_;
  int term_signal_ = 0;
  int fds_[2] = {-1, -1};  // read ends: stdout, stderr (-1 when merged or closed)
  std::atomic<bool> stop_{false};
  std::thread reader_;
  mutable std::mutex mu_;
  std::string out_, err_;
};

}  // namespace interview::testing
