// retention-bench: what one janitor retention query costs on the embedded
// store (scripts/bench-retention). N candidates (~10 KiB of resume text each,
// as the service writes them) created over the last 120 days; the files of
// those older than the cutoff (30 days) are already gone (resume_kept false),
// the younger ones kept. Times the query of a pass from the beginning (the
// first after start, and once a day) and of a pass from the last cutoff (the
// other passes, 60 s later), both through the store's own query.
//   retention-bench --dir DIR [--users N] [--runs R]
// Prints one JSON line.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/storage/resume_retention.hpp"
#include "sqlite/sqlite_store.hpp"

using namespace interview;
using Clock = std::chrono::steady_clock;

namespace {

double median_ms(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int users = 20000, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--dir") dir = v;
    else if (a == "--users") users = std::stoi(v);
    else if (a == "--runs") runs = std::stoi(v);
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  if (dir.empty() || users < 1 || runs < 1) {
    std::cerr << "usage: retention-bench --dir DIR [--users N] [--runs R]\n";
    return 2;
  }
  std::filesystem::create_directories(dir);
  std::string path = dir + "/retention.db";
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  store::SqliteOptions o;
  o.path = path;
  // As app/adapters.cpp opens the service's store.
  o.indexed_fields = {"created_at", "expiry_time", "swot_status", "status", "live_created_at", "seen_at"};
  o.synchronous_full = false;  // seeding speed only; queries do not depend on it
  auto opened = store::open_sqlite_store(o);
  if (!opened) {
    std::cerr << opened.error().message << "\n";
    return 1;
  }
  auto& s = *opened.value();
  const auto now = store::now_micros();
  const auto cutoff = *storage::retention_cutoff(now, 30);
  const std::string resume(10000, 'r');
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> age_us(0, std::int64_t(120) * 86400 * 1000000);
  int kept = 0;
  std::vector<store::Write> batch;
  for (int i = 0; i < users; ++i) {
    auto created = now - std::chrono::microseconds(age_us(rng));
    bool gone = created < cutoff;
    std::string id = "u" + std::to_string(i);
    store::Fields f = {{"user_id", id},
                       {"first_name", "Ada"},
                       {"last_name", "Lovelace"},
                       {"email", "ada@example.com"},
                       {"resume_text", resume},
                       {"status", "session_over"},
                       {"created_at", store::timestamp_value(created)},
                       {"resume_path", gone ? nlohmann::json(nullptr) : nlohmann::json("resumes/" + id + ".pdf")},
                       {"resume_bucket", nullptr},
                       {"resume_kept", !gone},
                       {"interview_history", nlohmann::json::array()}};
    kept += gone ? 0 : 1;
    batch.push_back({store::Write::Kind::set, "users", id, std::move(f), {}});
    if (batch.size() == 500 || i + 1 == users) {
      if (auto st = s.commit(batch); !st) {
        std::cerr << st.error().message << "\n";
        return 1;
      }
      batch.clear();
    }
  }
  auto time_query = [&](const store::Query& q, std::size_t& rows) {
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
      auto t0 = Clock::now();
      auto found = s.query(q);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!found) {
        std::cerr << found.error().message << "\n";
        std::exit(1);
      }
      rows = found->size();
    }
    return median_ms(ms);
  };
  std::size_t full_rows = 0, from_rows = 0;
  double full_ms = time_query(storage::resume_retention_query(cutoff, 100), full_rows);
  double from_ms =
      time_query(storage::resume_retention_query(cutoff, 100, cutoff - std::chrono::seconds(60)), from_rows);
  nlohmann::json out = {{"users", users},
                        {"files_kept", kept},
                        {"files_gone", users - kept},
                        {"runs", runs},
                        {"full_pass_query_ms_median", full_ms},
                        {"full_pass_rows", full_rows},
                        {"pass_from_last_cutoff_query_ms_median", from_ms},
                        {"pass_from_last_cutoff_rows", from_rows}};
  std::cout << out.dump() << "\n";
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
}
