// Firestore unreachable for 15 s while three instances take 150 joins, exits
// and polls: a TcpRelay of the test suite sits between the instances and the
// emulator and drops every connection (stopping the emulator would lose its
// in-memory data). During the outage clients get clear 503s with a detail and
// /health/ready turns not ready within a few seconds; after it every instance
// is ready again by itself within 10 s, the joins retried Cloud-Tasks-style
// succeed, the session count never exceeded SESSION_LIMIT at any sample,
// nobody is placed twice or lost, and queue positions are contiguous.
// Firestore only (http.firestore.outage).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "tests/integration/census.hpp"
#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/tcp_relay.hpp"

using namespace interview;
using namespace interview::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kLimit = 3;
constexpr int kCandidates = 150;
constexpr auto kOutage = std::chrono::seconds(15);

httplib::Client client_of(const ServerProcess& s) {
  auto c = s.client();
  c.set_connection_timeout(2);
  c.set_read_timeout(30);
  return c;
}

// Retries like Cloud Tasks: on any non-200 answer, again after a backoff
// (0.5 s doubling, at most 4 s), until `deadline`. Counts the refusals and
// checks that each 503 carries a detail.
struct Retrier {
  std::atomic<int> refusals{0}, refusals_without_detail{0};
  std::atomic<long> slowest_ms{0};  // the longest single attempt
  Reply call(const std::function<Reply()>& attempt, Clock::time_point deadline) {
    auto wait = milliseconds(500);
    while (true) {
      auto begun = Clock::now();
      auto r = attempt();
      long took = std::chrono::duration_cast<milliseconds>(Clock::now() - begun).count();
      for (long seen = slowest_ms; took > seen && !slowest_ms.compare_exchange_weak(seen, took);) {
      }
      if (r.status == 200 || Clock::now() > deadline) return r;
      ++refusals;
      if (r.status == 503 && (!r.body.is_object() || !r.body.contains("detail") ||
                              r.body["detail"].get<std::string>().empty()))
        ++refusals_without_detail;
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, milliseconds(4000));
    }
  }
};

}  // namespace

TEST_CASE("firestore outage: 15 s unreachable under 150 joins, exits and polls on three instances") {
  StoreUnderTest store("it-fs-outage");
  REQUIRE(store.firestore());
  std::string emulator = std::getenv("FIRESTORE_EMULATOR_HOST");
  auto colon = emulator.rfind(':');
  TcpRelay relay(emulator.substr(0, colon), std::stoi(emulator.substr(colon + 1)));
  auto env = store.env({{"SESSION_LIMIT", std::to_string(kLimit)}, {"TASK_QUEUE", "none"},
                        {"CLEANUP_INTERVAL_SECONDS", "1"}, {"LOG_LEVEL", "warn"}, {"CREATE_LIMIT_PER_MINUTE", "0"},
                        {"REQUEST_TIMEOUT_MS", "15000"}, {"FIRESTORE_EMULATOR_HOST", relay.host_port()}});
  ServerProcess s1(env), s2(env), s3(env);
  ServerProcess* servers[] = {&s1, &s2, &s3};
  auto started = Clock::now();

  std::vector<std::string> ids(kCandidates);
  in_parallel(kCandidates, 24, [&](int i) {
    auto c = client_of(*servers[i % 3]);
    ids[i] = new_user(c);
  });

  MESSAGE("150 candidates created in " << std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()
                                      << " ms");
  // Samples the session count straight from the emulator (not through the relay).
  std::atomic<bool> sampling{true};
  std::atomic<int> most{0}, samples{0};
  std::thread sampler([&] {
    while (sampling) {
      most = std::max(most.load(), store.count("in_session"));
      ++samples;
      std::this_thread::sleep_for(milliseconds(50));
    }
  });

  // Readiness of each instance every 200 ms, and polls of random candidates.
  auto t0 = Clock::now();
  std::atomic<long> outage_from{-1}, outage_to{-1};  // ms since t0
  std::atomic<long> not_ready_at[3] = {-1, -1, -1}, ready_again_at[3] = {-1, -1, -1};
  std::atomic<int> polls_ok{0}, polls_refused{0}, polls_refused_without_detail{0};
  std::atomic<bool> watching{true};
  auto since = [&] { return std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count(); };
  std::thread watcher([&] {
    std::mt19937 rng(13);
    while (watching) {
      for (int i = 0; i < 3; ++i) {
        auto c = client_of(*servers[i]);
        c.set_read_timeout(3);
        int st = get(c, "/health/ready").status;
        long now = since();
        if (outage_from >= 0 && outage_to < 0 && st != 200 && not_ready_at[i] < 0) not_ready_at[i] = now;
        if (outage_to >= 0 && st == 200 && ready_again_at[i] < 0) ready_again_at[i] = now;
        auto p = get(c, "/status/" + ids[rng() % kCandidates]);
        if (p.status == 200) {
          ++polls_ok;
        } else {
          ++polls_refused;
          if (!p.body.is_object() || !p.body.contains("detail")) ++polls_refused_without_detail;
        }
      }
      std::this_thread::sleep_for(milliseconds(200));
    }
  });
  // The candidates seated by the joins (the first three), as their replies say.
  std::mutex seated_mu;
  std::vector<std::string> seated;
  auto seated_count = [&] {
    std::lock_guard<std::mutex> lock(seated_mu);
    return seated.size();
  };
  // The outage starts once the slots are taken and joins are queueing.
  std::thread outage([&] {
    while (seated_count() < static_cast<size_t>(kLimit) && since() < 20000) std::this_thread::sleep_for(milliseconds(50));
    std::this_thread::sleep_for(milliseconds(1000));
    relay.set_mode(TcpRelay::Mode::drop);
    outage_from = since();
    std::this_thread::sleep_for(kOutage);
    relay.set_mode(TcpRelay::Mode::pass);
    outage_to = since();
  });

  // 150 joins through the three instances, one every 100 ms (the outage
  // falls in the middle of them), each retried until it succeeds.
  Retrier joins, exits;
  auto deadline = Clock::now() + std::chrono::seconds(120);
  std::vector<Reply> joined(kCandidates);
  // Meanwhile the first three seated leave, 6 s in (during the outage), retried too.
  std::vector<Reply> left(kLimit);
  std::thread leaver([&] {
    while ((outage_from < 0 || since() < outage_from + 3000) && since() < 30000)
      std::this_thread::sleep_for(milliseconds(50));
    std::vector<std::string> leaving;
    {
      std::lock_guard<std::mutex> lock(seated_mu);
      leaving = seated;
    }
    if (leaving.size() < static_cast<size_t>(kLimit)) return;  // checked below
    in_parallel(kLimit, kLimit, [&](int i) {
      auto c = client_of(*servers[i]);
      left[i] = exits.call([&] { return post_empty(c, "/users/" + leaving[i] + "/exit"); }, deadline);
    });
  });
  in_parallel(kCandidates, kCandidates, [&](int i) {
    std::this_thread::sleep_until(t0 + milliseconds(100 * i));
    auto c = client_of(*servers[(i * 7) % 3]);
    joined[i] = joins.call([&] { return post_json(c, "/users/join", json{{"user_id", ids[i]}}.dump()); }, deadline);
    if (joined[i].status == 200 && joined[i].body["status"] == "in_session") {
      std::lock_guard<std::mutex> lock(seated_mu);
      if (seated.size() < static_cast<size_t>(kLimit)) seated.push_back(ids[i]);  // later ones were promoted
    }
  });
  outage.join();
  leaver.join();
  REQUIRE(seated.size() == static_cast<size_t>(kLimit));
  for (auto& r : joined) CHECK_MESSAGE(r.status == 200, r.raw);
  for (auto& r : left) CHECK_MESSAGE(r.status == 200, r.raw);

  // Give the watcher time to see every instance recover.
  for (int i = 0; i < 3; ++i)
    for (int w = 0; w < 100 && ready_again_at[i] < 0; ++w) std::this_thread::sleep_for(milliseconds(100));
  std::this_thread::sleep_for(milliseconds(2500));  // a janitor tick fills slots freed by racing exits
  watching = false;
  watcher.join();
  sampling = false;
  sampler.join();

  auto v = [](const auto& a) { return static_cast<long>(a.load()); };
  MESSAGE("outage " << v(outage_from) << "-" << v(outage_to) << " ms; not ready at " << v(not_ready_at[0]) << ", "
                    << v(not_ready_at[1]) << ", " << v(not_ready_at[2]) << " ms; ready again at "
                    << v(ready_again_at[0]) << ", " << v(ready_again_at[1]) << ", " << v(ready_again_at[2])
                    << " ms; " << v(joins.refusals) << " join refusals retried (slowest attempt "
                    << v(joins.slowest_ms) << " ms), " << v(exits.refusals) << " exit refusals (slowest "
                    << v(exits.slowest_ms) << " ms); polls " << v(polls_ok) << " ok / " << v(polls_refused) << " refused; "
                    << relay.connections_dropped() << " connections dropped; most in session " << v(most)
                    << " over " << v(samples) << " samples");
  CHECK(relay.connections_dropped() > 0);
  CHECK(joins.refusals > 0);  // the outage was felt
  CHECK(joins.refusals_without_detail == 0);
  CHECK(polls_refused > 0);
  CHECK(polls_refused_without_detail == 0);
  for (int i = 0; i < 3; ++i) {
    CHECK(not_ready_at[i] >= 0);
    CHECK(not_ready_at[i] - outage_from <= 5000);
    CHECK(ready_again_at[i] >= 0);
    CHECK(ready_again_at[i] - outage_to <= 10000);
  }
  CHECK(samples > 50);
  CHECK(most <= kLimit);

  // Nobody lost or placed twice; the queue has no gaps.
  auto c = client_of(s2);
  auto census = take_census(store, c, ids);
  CHECK(census.in_session == kLimit);
  CHECK(census.over == kLimit);
  CHECK(census.waiting == kCandidates - 2 * kLimit);
  CHECK(census.in_session + census.waiting + census.over == kCandidates);
  CHECK(store.count("in_session") == kLimit);
  CHECK(store.count("queue") == kCandidates - 2 * kLimit);
}
