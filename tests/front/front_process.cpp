#include "tests/front/front_process.hpp"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace interview::testing {

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
  env.emplace("CREATE_LIMIT_PER_MINUTE", "0");  // suites create many candidates from one address
  env.emplace("SHUTDOWN_GRACE_SECONDS", "3");
  // Settings of the developer's shell that would change what runs.
  for (const char* name : {"FRONT", "FRONT_DIR", "FRONT_WORKERS", "FRONT_ACCESS_LOG", "TLS_CERT_FILE", "TLS_KEY_FILE",
                           "ACCESS_LOG", "LOG_FORMAT", "RESUME_MAX_BYTES", "HTTP_HEADER_TIMEOUT_SECONDS",
                           "ADMIN_TOKEN", "TRUSTED_PROXY_HOPS", "BUILD_DIR", "NGINX"})
    env.emplace(name, "");
  // An empty value means: not set at all.
  ChildProcess::Options options;
  for (auto it = env.begin(); it != env.end();) {
    if (!it->second.empty()) {
      ++it;
      continue;
    }
    options.unset.push_back(it->first);
    it = env.erase(it);
  }
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{repo_root() + "/scripts/serve"}, env, options);
  if (!wait_ready) return;

  auto url = process_->wait_for(R"(front listening on (https?://127\.0\.0\.1:\d+)\n)", std::chrono::seconds(40));
  if (!url) {
    bool exited = !process_->running();
    auto status = wait_exit(std::chrono::milliseconds(0));
    shutdown();
    if (exited)
      throw std::runtime_error("scripts/serve exited at start (status " + std::to_string(*status) + "):\n" + output());
    throw std::runtime_error("scripts/serve did not start in time:\n" + output());
  }
  url_ = *url;
  find_children();
}

void FrontProcess::find_children() {
  std::error_code ec;
  auto binary = std::filesystem::canonical(server_binary(), ec).string();
  for (pid_t p : children_of(pid())) {
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

std::optional<int> FrontProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto status = process_->wait_exit(timeout);
  if (status && process_->term_signal()) return 128 + process_->term_signal();
  return status;
}

std::string FrontProcess::output() const {
  return "--- stdout ---\n" + out() + "--- stderr ---\n" + err();
}

// Whatever a test did, nothing it started survives it.
void FrontProcess::shutdown() {
  if (process_->running()) {
    process_->signal(SIGTERM);
    if (!wait_exit(std::chrono::seconds(30))) {
      process_->signal(SIGKILL);
      wait_exit(std::chrono::seconds(5));
    }
  }
  if (server_pid_ <= 0 || nginx_pid_ <= 0) find_children();  // none left if it exited
  if (process_running(server_pid_)) kill(server_pid_, SIGKILL);
  for (pid_t p : nginx_pids()) kill(p, SIGKILL);
  process_->stop_reading();
}

FrontProcess::~FrontProcess() { shutdown(); }

}  // namespace interview::testing
