#pragma once
// Small probes of ports and processes, and the paths CMake gives the tests.
#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace interview::testing {

// The built interview-server and the repository (set by CMake).
std::string server_binary();
std::string repo_root();

// A port on 127.0.0.1 nothing listens on right now (bound, read, released).
int free_port();
// Whether something accepts connections on 127.0.0.1:port.
bool port_open(int port);
// An HTTP client of 127.0.0.1:port (connect 5 s, read 30 s).
httplib::Client local_client(int port);

// Exists and has not exited (a zombie has exited).
bool process_running(pid_t pid);
// Resident memory in KiB (VmRSS from /proc/PID/status), 0 if gone.
long rss_kib(pid_t pid);
// Running processes in process group pgid.
std::vector<pid_t> group_members(pid_t pgid);
// Processes whose parent is pid.
std::vector<pid_t> children_of(pid_t pid);
// The executable of a process ("" if unknown).
std::string exe_of(pid_t pid);

// Polls pred every 100 ms until it holds (true) or timeout has passed (false).
template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// The last `max` characters of s (for failure messages).
std::string tail(const std::string& s, std::size_t max = 3000);

}  // namespace interview::testing
