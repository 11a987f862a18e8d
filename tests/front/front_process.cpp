#include "tests/front/front_process.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace interview::testing {

std::string server_binary() { return INTERVIEW_SERVER_BINARY; }
std::string repo_root() { return FRONT_REPO_ROOT; }

namespace {

sockaddr_in loopback(int port, const char* address = "127.0.0.1") {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, address, &a.sin_addr);
  return a;
}

// Fields of /proc/PID/stat after the command name: state is [0], ppid [1], pgrp [2].
std::vector<std::string> stat_fields(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto name = entry.path().filename().string();
    if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) pids.push_back(std::stoi(name));
  }
  return pids;
}

std::string exe_of(pid_t pid) {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
  return ec ? "" : p.string();
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind failed");
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

bool port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(port);
  bool open = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return open;
}

bool process_running(pid_t pid) {
  if (pid <= 0) return false;
  auto f = stat_fields(pid);
  return !f.empty() && f[0] != "Z" && f[0] != "X";
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

std::vector<pid_t> group_members(pid_t pgid) {
  std::vector<pid_t> out;
  if (pgid <= 0) return out;
  for (pid_t p : all_pids()) {
    auto f = stat_fields(p);
    if (f.size() > 2 && f[0] != "Z" && f[0] != "X" && std::stoi(f[2]) == pgid) out.push_back(p);
  }
  return out;
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/front-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
  chmod(path_.c_str(), 0755);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

RawConnection::RawConnection(int port, const std::string& source_address) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (!source_address.empty()) {
    auto src = loopback(0, source_address.c_str());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0)
      throw std::runtime_error("cannot bind to " + source_address + ": " + std::strerror(errno));
  }
  auto a = loopback(port);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    throw std::runtime_error("connect to port " + std::to_string(port) + ": " + std::strerror(errno));
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::send_all(const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string RawConnection::read_until_close(std::chrono::milliseconds timeout) {
  return read_responses(static_cast<std::size_t>(-1), timeout);
}

std::string RawConnection::read_responses(std::size_t expected, std::chrono::milliseconds timeout) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  while (expected == static_cast<std::size_t>(-1) || parse_responses(got).size() < expected) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

std::vector<RawResponse> parse_responses(const std::string& bytes) {
  std::vector<RawResponse> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    auto end = bytes.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    RawResponse r;
    std::istringstream head(bytes.substr(at, end - at));
    std::string line;
    std::getline(head, line);
    if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) break;
    r.status = std::atoi(line.c_str() + 9);
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      r.headers[lower(line.substr(0, colon))] = value;
    }
    std::size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
    if (end + 4 + length > bytes.size()) break;
    r.body = bytes.substr(end + 4, length);
    at = end + 4 + length;
    out.push_back(std::move(r));
  }
  return out;
}

FrontProcess::FrontProcess(std::map<std::string, std::string> env, bool wait_ready) {
  if (!env.count("PORT")) env["PORT"] = std::to_string(free_port());
  if (!env.count("BACKEND_PORT")) {
    int p = free_port();
    while (std::to_string(p) == env["PORT"]) p = free_port();
    env["BACKEND_PORT"] = std::to_string(p);
  }
  port_ = std::atoi(env["PORT"].c_str());
  backend_port_ = std::atoi(env["BACKEND_PORT"].c_str());
  env.emplace("DATA_DIR", data_dir_.path());
  env.emplace("HOST", "127.0.0.1");
  env.emplace("SERVER_BINARY", server_binary());
  env.emplace("STORE", "embedded");
  env.emplace("TASK_QUEUE", "in-process");
  env.emplace("LLM_PROVIDER", "offline");
  env.emplace("LOG_LEVEL", "info");
  env.emplace("SHUTDOWN_GRACE_SECONDS", "3");
  // Settings of the developer's shell that would change what runs.
  for (const char* name : {"FRONT", "FRONT_DIR", "FRONT_WORKERS", "FRONT_ACCESS_LOG", "TLS_CERT_FILE", "TLS_KEY_FILE",
                           "ACCESS_LOG", "LOG_FORMAT", "RESUME_MAX_BYTES", "HTTP_HEADER_TIMEOUT_SECONDS",
                           "ADMIN_TOKEN", "TRUSTED_PROXY_HOPS", "BUILD_DIR", "NGINX"})
    env.emplace(name, "");
  std::vector<std::string> entries;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (!env.count(kv.substr(0, kv.find('=')))) entries.push_back(kv);
  }
  for (const auto& [k, v] : env)
    if (!v.empty()) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : entries) envp.push_back(s.data());
  envp.push_back(nullptr);

  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  std::string script = repo_root() + "/scripts/serve";
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
    char* argv[] = {script.data(), nullptr};
    execve(script.c_str(), argv, envp.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  reader_ = std::thread([this, o = out[0], e = err[0]] { reader_loop(o, e); });
  if (!wait_ready) return;

  std::regex listening(R"(front listening on (https?://127\.0\.0\.1:\d+)\n)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::smatch m;
      if (std::regex_search(out_, m, listening)) {
        url_ = m[1];
        break;
      }
    }
    if (wait_exit(std::chrono::milliseconds(20))) {
      auto status = *exit_status_;
      shutdown();
      throw std::runtime_error("scripts/serve exited at start (status " + std::to_string(status) + "):\n" + output());
    }
  }
  if (url_.empty()) {
    shutdown();
    throw std::runtime_error("scripts/serve did not start in time:\n" + output());
  }
  find_children();
}

void FrontProcess::find_children() {
  std::error_code ec;
  auto binary = std::filesystem::canonical(server_binary(), ec).string();
  for (pid_t p : all_pids()) {
    auto f = stat_fields(p);
    if (f.size() < 2 || std::stoi(f[1]) != pid_) continue;
    auto exe = exe_of(p);
    if (exe == binary) server_pid_ = p;
    else if (std::filesystem::path(exe).filename() == "nginx") nginx_pid_ = p;
  }
}

std::vector<pid_t> FrontProcess::nginx_pids() const {
  auto pids = group_members(nginx_pid_);
  if (process_running(nginx_pid_) && std::find(pids.begin(), pids.end(), nginx_pid_) == pids.end())
    pids.push_back(nginx_pid_);
  return pids;
}

void FrontProcess::reader_loop(int out_fd, int err_fd) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open = 2;
  char buf[8192];
  while (open > 0) {
    if (poll(fds, 2, 200) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
        continue;
      }
      std::lock_guard<std::mutex> lock(mu_);
      (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    }
    // Everything was stopped: leave once the pipes hold nothing more (an
    // orphan could keep a pipe open for ever).
    if (stop_ && poll(fds, 2, 0) <= 0) break;
  }
  for (auto& p : fds)
    if (p.fd >= 0) close(p.fd);
}

httplib::Client FrontProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(30, 0);
  return c;
}

httplib::Client FrontProcess::backend_client() const {
  httplib::Client c("127.0.0.1", backend_port_);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(30, 0);
  return c;
}

void FrontProcess::signal(int sig) const {
  if (pid_ > 0 && !exit_status_) kill(pid_, sig);
}

std::optional<int> FrontProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_status_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  return std::nullopt;
}

std::string FrontProcess::out() const {
  std::lock_guard<std::mutex> lock(mu_);
  return out_;
}

std::string FrontProcess::err() const {
  std::lock_guard<std::mutex> lock(mu_);
  return err_;
}

std::string FrontProcess::output() const {
  std::lock_guard<std::mutex> lock(mu_);
  return "--- stdout ---\n" + out_ + "--- stderr ---\n" + err_;
}

// Whatever a test did, nothing it started survives it.
void FrontProcess::kill_everything() {
  if (!exit_status_) {
    kill(pid_, SIGTERM);
    if (!wait_exit(std::chrono::seconds(30))) {
      kill(pid_, SIGKILL);
      wait_exit(std::chrono::seconds(5));
    }
  }
  if (server_pid_ <= 0 || nginx_pid_ <= 0) find_children();  // none left if it exited
  if (process_running(server_pid_)) kill(server_pid_, SIGKILL);
  for (pid_t p : nginx_pids()) kill(p, SIGKILL);
}

void FrontProcess::shutdown() {
  kill_everything();
  stop_ = true;
  if (reader_.joinable()) reader_.join();
}

FrontProcess::~FrontProcess() { shutdown(); }

}  // namespace interview::testing
