#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace interview::testing {

ChildProcess::ChildProcess(std::vector<std::string> argv, const Env& env, Options options) {
  std::vector<std::string> entries;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto name = kv.substr(0, kv.find('='));
    if (!env.count(name) && std::find(options.unset.begin(), options.unset.end(), name) == options.unset.end())
      entries.push_back(kv);
  }
  for (const auto& [k, v] : env) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : entries) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);

  int out[2], err[2] = {-1, -1};
  if (pipe(out) != 0 || (!options.merge_stderr && pipe(err) != 0)) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (options.own_group) setpgid(0, 0);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(options.merge_stderr ? out[1] : err[1], 2);
    for (int fd : {out[0], out[1], err[0], err[1]})
      if (fd >= 0) ::close(fd);
    execvpe(args[0], args.data(), envp.data());
    _exit(127);
  }
  if (options.own_group) setpgid(pid_, pid_);
  ::close(out[1]);
  if (err[1] >= 0) ::close(err[1]);
  fds_[0] = out[0];
  fds_[1] = err[0];
  for (int fd : fds_)
    if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  reader_ = std::thread([this] { reader_loop(); });
}

// Reads and appends under the lock, so the reader thread and drain() never
// reorder what arrives; the pipes are non-blocking, so nobody waits inside.
void ChildProcess::drain() {
  char buf[8192];
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < 2; ++i) {
    while (fds_[i] >= 0) {
      ssize_t n = ::read(fds_[i], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;  // EAGAIN: nothing more now
      if (n == 0) {
        ::close(fds_[i]);
        fds_[i] = -1;
        break;
      }
      (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    }
  }
}

void ChildProcess::reader_loop() {
  while (!stop_) {
    pollfd p[2];
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (fds_[0] < 0 && fds_[1] < 0) break;
      for (int i = 0; i < 2; ++i) p[i] = {fds_[i], POLLIN, 0};  // a negative fd is ignored
    }
    if (poll(p, 2, 100) < 0 && errno != EINTR) break;
    drain();
  }
  drain();
}

void ChildProcess::stop_reading() {
  stop_ = true;
  if (reader_.joinable()) reader_.join();
  std::lock_guard<std::mutex> lock(mu_);
  for (int& fd : fds_)
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
}

void ChildProcess::reap(int status) {
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  term_signal_ = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  drain();  // everything the process wrote is in the pipes by now
}

bool ChildProcess::running() {
  if (status_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    reap(status);
    return false;
  }
  return true;
}

std::optional<std::string> ChildProcess::wait_for(const std::string& regex, std::chrono::milliseconds timeout) {
  std::regex re(regex);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::smatch m;
      if (std::regex_search(out_, m, re) || std::regex_search(err_, m, re))
        return m.size() > 1 && m[1].matched ? m[1].str() : m[0].str();
    }
    if (!running()) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

void ChildProcess::signal(int sig) const {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

int ChildProcess::terminate(std::chrono::milliseconds timeout) {
  if (status_) return *status_;
  ::kill(pid_, SIGTERM);
  if (auto s = wait_exit(timeout)) return *s;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  reap(status);
  return *status_;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) terminate(std::chrono::seconds(20));
  stop_reading();
}

std::string ChildProcess::out() const {
  std::lock_guard<std::mutex> lock(mu_);
  return out_;
}

std::string ChildProcess::err() const {
  std::lock_guard<std::mutex> lock(mu_);
  return err_;
}

}  // namespace interview::testing
