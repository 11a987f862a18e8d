// The janitor closing many expired sessions at once costs no thread per
// closing: the interview actors run on CAF's scheduler and their store calls
// on a bounded pool, so the server's thread count stays near its idle count.
// (Before, each closing spawned a detached actor: one thread per candidate,
// alive until the actor's idle timeout.)
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview::testing;

namespace {

int thread_count(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

}  // namespace

TEST_CASE("janitor: closing 100 expired sessions at once keeps the thread count within 40 of idle") {
  constexpr int kSessions = 100;
  TempDir dir("it-janitor-threads");
  FakeLlmServer fake;
  fake.set_delay(std::chrono::milliseconds(300));
  ServerProcess server({{"DATA_DIR", dir.path()},
                        {"GEMINI_API_KEY", "test-key-123"},
                        {"GEMINI_BASE_URL", fake.base_url()},
                        {"LLM_PROVIDER", "gemini"},
                        {"LOG_LEVEL", "warn"},
                        {"SESSION_LIMIT", std::to_string(kSessions)},
                        {"SESSION_SECONDS", "4"},
                        {"CLEANUP_INTERVAL_SECONDS", "1"}});
  auto c = server.client();
  std::vector<std::string> ids;
  for (int i = 0; i < kSessions; ++i) ids.push_back(seated_user(c));
  // The interview's clock starts at the first /interview/start (issue 12).
  in_parallel(kSessions, 10, [&](int i) {
    auto cl = server.client();
    REQUIRE(post_json(cl, "/interview/start", nlohmann::json{{"user_id", ids[i]}}.dump()).status == 200);
  });
  int idle = thread_count(server.pid());
  REQUIRE(idle > 0);

  // Sample every 10 ms while the janitor closes them all (each closing asks for a SWOT).
  std::atomic<int> peak{idle};
  std::atomic<bool> done{false};
  std::thread sampler([&] {
    while (!done) {
      peak = std::max(peak.load(), thread_count(server.pid()));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  int over = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    over = 0;
    for (const auto& id : ids)
      if (get(c, "/status/" + id).body.value("status", "") == "session_over") ++over;
    if (over == kSessions) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  done = true;
  sampler.join();
  CHECK(over == kSessions);
  MESSAGE("threads idle " << idle << ", peak while closing " << peak.load());
  CHECK(peak <= idle + 40);
}
