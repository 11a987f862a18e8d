// fake-gcs-server --port N [--bucket NAME]... [--token T] [--any-token]
// A stand-in Cloud Storage JSON API and metadata-server token endpoint for
// scripts and manual runs: start the real server with
// STORAGE_EMULATOR_HOST=127.0.0.1:PORT and GCE_METADATA_HOST=127.0.0.1:PORT.
// Prints "listening on 127.0.0.1:PORT" once ready (--port 0 picks a free
// port) and runs until SIGINT/SIGTERM. Objects live in memory only.
#include <csignal>
#include <iostream>
#include <string>

#include "tests/support/stop_signals.hpp"
#include "tests/support/fake_gcs_server.hpp"

namespace {
int usage(const std::string& why) {
  std::cerr << "fake-gcs-server: " << why
            << "\nusage: fake-gcs-server --port N [--bucket NAME]... [--token T] [--any-token]\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  interview::testing::FakeGcsOptions options;
  bool have_port = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--any-token") {
      options.check_token = false;
      continue;
    }
    if (i + 1 >= argc) return usage("missing value for " + arg);
    std::string value = argv[++i];
    if (arg == "--port") {
      try {
        std::size_t used = 0;
        options.port = std::stoi(value, &used);
        have_port = used == value.size() && options.port >= 0 && options.port < 65536;
      } catch (const std::exception&) {
        have_port = false;
      }
      if (!have_port) return usage("bad value for --port");
    } else if (arg == "--bucket") {
      options.buckets.insert(value);
    } else if (arg == "--token") {
      if (value.empty()) return usage("--token must not be empty");
      options.token = value;
    } else {
      return usage("unknown option " + arg);
    }
  }
  if (!have_port) return usage("--port is required (0 = any free port)");

  sigset_t signals = interview::testing::block_stop_signals();

  interview::testing::FakeGcsServer server(options);
  if (!server.running()) {
    std::cerr << "fake-gcs-server: cannot listen on port " << options.port << "\n";
    return 1;
  }
  std::cout << "listening on 127.0.0.1:" << server.port() << std::endl;
  interview::testing::wait_for_stop(signals);
  server.stop();
  std::cout << "stopped after " << server.request_count() << " requests, " << server.object_count() << " objects"
            << std::endl;
  return 0;
}
