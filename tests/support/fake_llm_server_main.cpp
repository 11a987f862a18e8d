// fake-llm-server --port N --mode gemini|openai [--delay-ms D] [--api-key K]
// A stand-in model server for integration tests: the real server binary is
// started with GEMINI_BASE_URL (or OPENAI_BASE_URL) pointing at it. Prints
// "listening on 127.0.0.1:PORT" once ready (--port 0 picks a free port) and
// runs until SIGINT/SIGTERM.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "tests/support/stop_signals.hpp"
#include "tests/support/fake_llm_server.hpp"

namespace {
int usage(const char* why) {
  std::cerr << "fake-llm-server: " << why
            << "\nusage: fake-llm-server --port N --mode gemini|openai [--delay-ms D] [--api-key K]\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using interview::testing::FakeLlmMode;
  interview::testing::FakeLlmServerOptions options;
  bool have_port = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return usage(("missing value for " + arg).c_str());
    std::string value = argv[++i];
    try {
      if (arg == "--port") {
        options.port = std::stoi(value);
        have_port = options.port >= 0 && options.port < 65536;
      } else if (arg == "--mode") {
        if (value == "gemini") options.mode = FakeLlmMode::gemini;
        else if (value == "openai") options.mode = FakeLlmMode::openai;
        else return usage("--mode must be gemini or openai");
      } else if (arg == "--delay-ms") {
        options.delay = std::chrono::milliseconds(std::stol(value));
      } else if (arg == "--api-key") {
        options.required_api_key = value;
      } else {
        return usage(("unknown option " + arg).c_str());
      }
    } catch (const std::exception&) {
      return usage(("bad value for " + arg).c_str());
    }
  }
  if (!have_port) return usage("--port is required (0 = any free port)");

  sigset_t signals = interview::testing::block_stop_signals();

  interview::testing::FakeLlmServer server(options);
  if (!server.running()) {
    std::cerr << "fake-llm-server: cannot listen on port " << options.port << "\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << server.port() << " mode="
            << (options.mode == FakeLlmMode::gemini ? "gemini" : "openai") << std::endl;
  interview::testing::wait_for_stop(signals);
  server.stop();
  std::cout << "stopped after " << server.request_count() << " requests" << std::endl;
  return 0;
}
