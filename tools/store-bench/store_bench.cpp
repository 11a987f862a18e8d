// store-bench: what a synchronous=FULL commit of the embedded store costs
// next to NORMAL. Each commit is one candidate's creation as the service
// writes it (users/{id} with ~10 KiB of resume text, then a queue entry), run
// through the store's own transactions by `--threads` writers.
//   store-bench --dir DIR --mode full|normal [--commits N] [--threads T]
// Prints one JSON line: commits/s and commit latency percentiles.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "sqlite/sqlite_store.hpp"

using namespace interview;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string dir, mode = "full";
  int commits = 2000, threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--dir") dir = v;
    else if (a == "--mode") mode = v;
    else if (a == "--commits") commits = std::stoi(v);
    else if (a == "--threads") threads = std::stoi(v);
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  if (dir.empty() || (mode != "full" && mode != "normal") || commits < 1 || threads < 1) {
    std::cerr << "usage: store-bench --dir DIR --mode full|normal [--commits N] [--threads T]\n";
    return 2;
  }
  std::filesystem::create_directories(dir);
  std::string path = dir + "/bench-" + mode + ".db";
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  store::SqliteOptions o;
  o.path = path;
  o.indexed_fields = {"created_at", "expiry_time", "swot_status", "status"};
  o.synchronous_full = mode == "full";
  auto opened = store::open_sqlite_store(o);
  if (!opened) {
    std::cerr << opened.error().message << "\n";
    return 1;
  }
  auto& s = *opened.value();
  const std::string resume(10000, 'r');
  std::atomic<int> next{0}, failures{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      std::vector<double> mine;
      for (int i = next++; i < commits; i = next++) {
        std::string id = "u" + std::to_string(i);
        auto t0 = Clock::now();
        auto st = s.run_transaction([&](store::Transaction& tx) {
          tx.set("users", id, {{"user_id", id}, {"status", "idle"}, {"resume_text", resume},
                               {"created_at", store::server_timestamp()}});
        });
        auto st2 = s.run_transaction([&](store::Transaction& tx) {
          if (tx.get("users", id)) tx.set("queue", id, {{"user_id", id}, {"created_at", store::server_timestamp()},
                                                        {"status", "pending"}});
        });
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / 2);
        if (!st || !st2) failures++;
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  for (auto& t : pool) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto pct = [&](double p) { return latencies_ms[std::min(latencies_ms.size() - 1, size_t(p * latencies_ms.size()))]; };
  nlohmann::json out{{"mode", mode}, {"threads", threads}, {"commits", 2 * commits}, {"failures", failures.load()},
                     {"seconds", seconds}, {"commits_per_s", 2 * commits / seconds},
                     {"p50_ms", pct(0.50)}, {"p99_ms", pct(0.99)}, {"max_ms", latencies_ms.back()}};
  std::cout << out.dump() << std::endl;
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  return failures ? 1 : 0;
}
