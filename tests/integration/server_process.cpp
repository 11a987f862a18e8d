#include "tests/integration/server_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <regex>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace interview::testing {

std::string server_binary() { return INTERVIEW_SERVER_BINARY; }

ServerProcess::ServerProcess(std::map<std::string, std::string> env) {
  env.emplace("PORT", "0");
  env.emplace("HOST", "127.0.0.1");
  env.emplace("LOG_LEVEL", "info");
  env.emplace("STORE", "embedded");  // even when the test run exports FIRESTORE_EMULATOR_HOST
  std::vector<std::string> entries;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto name = kv.substr(0, kv.find('='));
    if (!env.count(name)) entries.push_back(kv);
  }
  for (const auto& [k, v] : env) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : entries) envp.push_back(s.data());
  envp.push_back(nullptr);

  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::string bin = server_binary();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    char* argv[] = {bin.data(), nullptr};
    execve(bin.c_str(), argv, envp.data());
    _exit(127);
  }
  close(fds[1]);
  reader_ = std::thread([this, fd = fds[0]] { reader_loop(fd); });

  std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::smatch m;
      if (std::regex_search(output_, m, listening)) {
        port_ = std::stoi(m[1]);
        return;
      }
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      reader_.join();  // the pipe closed with the process: the reader has finished
      throw std::runtime_error("interview-server exited at start:\n" + output());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  terminate(1);  // a constructor that throws runs no destructor: clean up here
  throw std::runtime_error("interview-server did not start in time:\n" + output());
}

void ServerProcess::reader_loop(int fd) {
  char buf[4096];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    std::lock_guard<std::mutex> lock(mu_);
    output_.append(buf, static_cast<size_t>(n));
  }
  close(fd);
}

std::string ServerProcess::output() const {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

httplib::Client ServerProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(30, 0);
  return c;
}

int ServerProcess::terminate(int timeout_seconds) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate(5);
  if (reader_.joinable()) reader_.join();
}

}  // namespace interview::testing
