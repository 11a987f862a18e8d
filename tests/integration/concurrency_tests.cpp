// Many candidates at once: never more than SESSION_LIMIT in session, positions
// exactly 1..N, even with two server processes sharing one embedded store.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/integration/store_under_test.hpp"

using namespace interview::testing;

TEST_CASE("concurrency: 200 simultaneous joins across two processes place exactly SESSION_LIMIT, queue the rest 1..N") {
  constexpr int kCandidates = 200, kLimit = 3;
  StoreUnderTest dir("it-concurrent");
  // No join on creation: the 200 simultaneous joins below are the only placements.
  auto env = dir.env({{"SESSION_LIMIT", std::to_string(kLimit)}, {"LOG_LEVEL", "warn"}, {"TASK_QUEUE", "none"}});
  ServerProcess a(env), b(env);

  std::vector<std::string> ids(kCandidates);
  in_parallel(kCandidates, 32, [&](int i) {
    auto c = (i % 2 ? a : b).client();
    ids[i] = new_user(c);
  });
  std::vector<Reply> joins(kCandidates);
  in_parallel(kCandidates, 64, [&](int i) {
    auto c = (i % 2 ? b : a).client();
    joins[i] = post_json(c, "/users/join", R"({"user_id":")" + ids[i] + R"("})");
  });

  auto c = a.client();
  int in_session = 0;
  std::vector<int64_t> positions;
  for (int i = 0; i < kCandidates; ++i) {
    REQUIRE_MESSAGE(joins[i].status == 200, joins[i].raw);
    auto s = get(c, "/status/" + ids[i]);
    REQUIRE(s.status == 200);
    if (s.body["status"] == "in_session") {
      ++in_session;
    } else {
      REQUIRE(s.body["status"] == "waiting");
      positions.push_back(s.body["queue_number"].get<int64_t>());
      // Nobody left, so the position a join answered is still the position.
      CHECK(joins[i].body["queue_number"] == s.body["queue_number"]);
    }
  }
  CHECK(in_session == kLimit);
  std::sort(positions.begin(), positions.end());
  std::vector<int64_t> expected(kCandidates - kLimit);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int64_t>(i) + 1;
  CHECK(positions == expected);
  CHECK(dir.count("in_session") == kLimit);
  CHECK(dir.count("queue") == kCandidates - kLimit);
}

TEST_CASE("concurrency: simultaneous exits of every session promote distinct candidates in queue order") {
  constexpr int kLimit = 3;
  StoreUnderTest dir("it-exits");
  ServerProcess server(dir.env({{"SESSION_LIMIT", std::to_string(kLimit)}, {"LOG_LEVEL", "warn"}}));
  auto c = server.client();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(new_user(c));
  for (auto& id : ids) REQUIRE(post_json(c, "/users/join", R"({"user_id":")" + id + R"("})").status == 200);

  std::vector<Reply> exits(kLimit);
  in_parallel(kLimit, kLimit, [&](int i) {
    auto cl = server.client();
    exits[i] = post_empty(cl, "/users/" + ids[i] + "/exit");
  });
  std::set<std::string> promoted;
  for (auto& e : exits) {
    REQUIRE(e.status == 200);
    promoted.insert(e.body["promoted"].get<std::string>());
  }
  CHECK(promoted == std::set<std::string>{ids[3], ids[4], ids[5]});
  for (int i = 6; i < 10; ++i) CHECK(get(c, "/status/" + ids[i]).body["queue_number"] == i - 5);
}
