#include "tests/support/server_process.hpp"

#include <chrono>
#include <stdexcept>

namespace interview::testing {

ServerProcess::ServerProcess(std::map<std::string, std::string> env) {
  env.emplace("PORT", "0");
  env.emplace("HOST", "127.0.0.1");
  env.emplace("LOG_LEVEL", "info");
  // Suites create many candidates from 127.0.0.1; the limit's own tests set it.
  env.emplace("CREATE_LIMIT_PER_MINUTE", "0");
  env.emplace("STORE", "embedded");  // even when the test run exports FIRESTORE_EMULATOR_HOST
  ChildProcess::Options options;
  options.merge_stderr = true;
  process_ = std::make_unique<ChildProcess>(std::vector<std::string>{server_binary()}, env, options);
  pid_ = process_->pid();
  auto port = process_->wait_for(R"(listening on http://127\.0\.0\.1:(\d+))", std::chrono::seconds(20));
  if (port) {
    port_ = std::stoi(*port);
    return;
  }
  if (!process_->running()) {
    pid_ = -1;
    throw std::runtime_error("interview-server exited at start:\n" + output());
  }
  terminate(1);  // a constructor that throws runs no destructor: clean up here
  throw std::runtime_error("interview-server did not start in time:\n" + output());
}

std::string ServerProcess::output() const { return process_->out(); }

int ServerProcess::terminate(int timeout_seconds) {
  if (pid_ <= 0) return -1;
  pid_ = -1;
  return process_->terminate(std::chrono::seconds(timeout_seconds));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate(5);
}

}  // namespace interview::testing
