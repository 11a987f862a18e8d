// The waiting room stays fair (issue 12, items 2-5 and 8) through the real
// binary, on the embedded store and (http.firestore.waiting_room_http) on the
// Firestore emulator: the interview clock starts at the first
// /interview/start, a candidate given a slot who never starts loses it to the
// next in line, and a waiting place nobody polls is skipped until its
// candidate polls again.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;
using nlohmann::json;

namespace {


// Polls /status until `id` has status `want`; fails the test after `seconds`.
void wait_for_status(httplib::Client& c, const std::string& id, const std::string& want, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  json last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = status_body(c, id);
    if (last["status"] == want) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("status of " << id << " never became " << want << "; last: " << last.dump());
}

Reply start(httplib::Client& c, const std::string& id) {
  return post_json(c, "/interview/start", json{{"user_id", id}}.dump());
}

std::map<std::string, std::string> room_env(const StoreUnderTest& store, std::map<std::string, std::string> extra) {
  extra.emplace("LLM_PROVIDER", "offline");
  extra.emplace("LOG_LEVEL", "warn");
  return store.env(extra);
}

}  // namespace

TEST_CASE("waiting room: the interview clock starts at the first /interview/start, not at promotion") {
  StoreUnderTest store("wr-clock");
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}, {"SESSION_SECONDS", "6"}, {"NO_SHOW_SECONDS", "60"}}));
  auto c = server.client();
  std::string a = placed_user(c);
  REQUIRE(status_body(c, a)["status"] == "in_session");
  auto slot = store.get("in_session", a);
  REQUIRE(slot);
  CHECK(slot->fields["awaiting_start"] == true);
  // Three seconds pass between the promotion and the candidate arriving on the interview page.
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  auto first = start(c, a);
  REQUIRE_MESSAGE(first.status == 200, first.raw);
  CHECK(first.body["status"] == "in_session");
  // The whole interview is theirs: 6 s from now (whole seconds, rounded down), not 3 s.
  CHECK(first.body["time_remaining"].get<int>() >= 5);
  auto started = store.get("in_session", a);
  REQUIRE(started);
  CHECK_FALSE(started->fields.contains("awaiting_start"));
  auto given = interview::store::as_timestamp(slot->fields["created_at"]);
  auto begun = interview::store::as_timestamp(started->fields["start_time"]);
  auto ends = interview::store::as_timestamp(started->fields["expiry_time"]);
  REQUIRE((given && begun && ends));
  CHECK(*begun - *given >= std::chrono::milliseconds(2900));
  CHECK(*ends - *begun == std::chrono::seconds(6));
  CHECK(interview::store::as_timestamp(started->fields["created_at"]) == given);
  // A page reload: the clock keeps running, it does not restart.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto again = start(c, a);
  REQUIRE(again.status == 200);
  CHECK(again.body["time_remaining"].get<int>() <= 5);
  CHECK(interview::store::as_timestamp(store.get("in_session", a)->fields["expiry_time"]) == ends);
}

TEST_CASE("waiting room: a no-show loses the slot to the next in line and returns to idle; a later join is at the back") {
  StoreUnderTest store("wr-noshow");
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}, {"SESSION_SECONDS", "60"}, {"NO_SHOW_SECONDS", "2"},
                                        {"CLEANUP_INTERVAL_SECONDS", "1"}}));
  auto c = server.client();
  std::string absent = placed_user(c), next = placed_user(c), last = placed_user(c);
  REQUIRE(status_body(c, absent)["status"] == "in_session");
  REQUIRE(status_body(c, next)["queue_number"] == 1);
  REQUIRE(status_body(c, last)["queue_number"] == 2);

  wait_for_status(c, absent, "idle", 10);
  CHECK(status_body(c, next)["status"] == "in_session");
  CHECK(status_body(c, last)["queue_number"] == 1);
  CHECK_FALSE(store.get("in_session", absent));
  CHECK_FALSE(store.get("queue", absent));
  auto user = store.get("users", absent);
  REQUIRE(user);
  CHECK(user->fields["status"] == "idle");
  CHECK_FALSE(user->fields.contains("swot_status"));  // no interview happened: no SWOT owed

  // `next` starts in time: the janitor leaves a started interview alone past the no-show deadline.
  REQUIRE(start(c, next).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  CHECK(status_body(c, next)["status"] == "in_session");
  CHECK(status_body(c, last)["queue_number"] == 1);

  auto rejoin = post_json(c, "/users/join", json{{"user_id", absent}}.dump());
  REQUIRE(rejoin.status == 200);
  CHECK(rejoin.body["status"] == "waiting");
  CHECK(rejoin.body["queue_number"] == 2);
  CHECK(store.count("in_session") == 1);
}

namespace {

// Polls /status of `ids` every 500 ms on its own connection until destroyed
// (the waiting room page of candidates who are still there).
class Poller {
 public:
  Poller(ServerProcess& server, std::vector<std::string> ids)
      : thread_([this, &server, ids] {
          auto c = server.client();
          while (running_) {
            for (const auto& id : ids) get(c, "/status/" + id);
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
          }
        }) {}
  ~Poller() {
    running_ = false;
    thread_.join();
  }

 private:
  std::atomic<bool> running_{true};
  std::thread thread_;
};

}  // namespace

TEST_CASE("waiting room: a place nobody polls is skipped (not counted, not promoted), then restored on the next poll") {
  StoreUnderTest store("wr-abandon");
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}, {"SESSION_SECONDS", "120"}, {"ABANDON_SECONDS", "6"},
                                        {"CLEANUP_INTERVAL_SECONDS", "1"}}));
  auto c = server.client();
  std::string seated = placed_user(c);
  REQUIRE(start(c, seated).status == 200);
  std::string gone = placed_user(c), stays = placed_user(c), last = placed_user(c);
  REQUIRE(status_body(c, gone)["queue_number"] == 1);
  REQUIRE(status_body(c, stays)["queue_number"] == 2);
  REQUIRE(status_body(c, last)["queue_number"] == 3);
  {
    // `gone` closed the tab; the other two keep polling.
    Poller polling(server, {stays, last});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    json s;
    while (std::chrono::steady_clock::now() < deadline) {
      s = status_body(c, stays);
      if (s["queue_number"] == 1) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    REQUIRE_MESSAGE(s["queue_number"] == 1, s.dump());
    CHECK(status_body(c, last)["queue_number"] == 2);
    auto entry = store.get("queue", gone);
    REQUIRE(entry);  // the place is kept, just skipped
    CHECK_FALSE(entry->fields.contains("live_created_at"));
    CHECK(entry->fields.contains("skipped_at"));
    // Polled places were kept alive by their polls.
    CHECK(store.get("queue", stays)->fields.contains("live_created_at"));

    // The slot frees: the oldest live place is promoted, not the abandoned one ahead of it.
    auto left = post_empty(c, "/users/" + seated + "/exit");
    REQUIRE(left.status == 200);
    CHECK(left.body["promoted"] == stays);
    CHECK(status_body(c, last)["queue_number"] == 1);
  }
  // `gone` comes back: their first poll restores their original place, ahead of `last`.
  auto back = status_body(c, gone);
  CHECK(back["status"] == "waiting");
  CHECK(back["queue_number"] == 1);
  CHECK(status_body(c, last)["queue_number"] == 2);
  auto entry = store.get("queue", gone);
  REQUIRE(entry);
  CHECK(entry->fields["live_created_at"] == entry->fields["created_at"]);
  CHECK_FALSE(entry->fields.contains("skipped_at"));
}

TEST_CASE("waiting room: liveness costs at most one store write per candidate per interval") {
  StoreUnderTest store("wr-liveness");
  // ABANDON_SECONDS=30: seen_at is written at most every 10 s.
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}, {"ABANDON_SECONDS", "30"}}));
  auto c = server.client();
  std::string seated = placed_user(c), waiting = placed_user(c);
  REQUIRE(status_body(c, waiting)["status"] == "waiting");
  auto first = interview::store::as_timestamp(store.get("queue", waiting)->fields["seen_at"]);
  REQUIRE(first);
  // Forty polls within four seconds: seen_at does not move (the join recorded it).
  for (int i = 0; i < 40; ++i) {
    REQUIRE(status_body(c, waiting)["queue_number"] == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(interview::store::as_timestamp(store.get("queue", waiting)->fields["seen_at"]) == first);
}

TEST_CASE("waiting room: waiting replies carry an estimated wait that grows with the position") {
  StoreUnderTest store("wr-estimate");
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}, {"SESSION_SECONDS", "300"}}));
  auto c = server.client();
  std::string seated = placed_user(c), second = placed_user(c), third = placed_user(c);
  REQUIRE(start(c, seated).status == 200);
  auto s2 = status_body(c, second), s3 = status_body(c, third);
  REQUIRE(s2["status"] == "waiting");
  // No history yet: the session in progress ends within SESSION_SECONDS, then each turn is a whole session.
  auto e2 = s2["estimated_wait_seconds"].get<std::int64_t>(), e3 = s3["estimated_wait_seconds"].get<std::int64_t>();
  CHECK(e2 > 290);
  CHECK(e2 <= 300);
  CHECK(e3 == e2 + 300);
  auto joined = post_json(c, "/users/join", json{{"user_id", third}}.dump());
  REQUIRE(joined.status == 200);
  CHECK(joined.body["estimated_wait_seconds"].get<std::int64_t>() >= e3 - 2);
  auto waiting = start(c, third);
  REQUIRE(waiting.status == 200);
  CHECK(waiting.body["status"] == "queue");
  CHECK(waiting.body["estimated_wait_seconds"].get<std::int64_t>() >= e3 - 2);
  CHECK(waiting.body["bot_response"].get<std::string>().find("about 10 minutes") != std::string::npos);
  // Only waiting replies carry it.
  CHECK_FALSE(status_body(c, seated).contains("estimated_wait_seconds"));
}

TEST_CASE("waiting room: joins of candidates already placed answer from reads, with no transaction") {
  StoreUnderTest store("wr-join");
  ServerProcess server(room_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::string seated = placed_user(c), waiting = placed_user(c);
  auto transactions = [&] {
    auto s = get(c, "/stats");
    REQUIRE_MESSAGE(s.status == 200, s.raw);
    return s.body["store"]["transactions"].get<std::int64_t>();
  };
  auto before = transactions();
  for (int i = 0; i < 20; ++i) {
    auto a = post_json(c, "/users/join", json{{"user_id", seated}}.dump());
    REQUIRE(a.status == 200);
    CHECK(a.body["status"] == "in_session");
    auto b = post_json(c, "/users/join", json{{"user_id", waiting}}.dump());
    REQUIRE(b.status == 200);
    CHECK(b.body["status"] == "waiting");
    CHECK(b.body["queue_number"] == 1);
  }
  CHECK(transactions() == before);
  // Anyone not placed still goes through the coordinator: unknown users are 404.
  auto unknown = post_json(c, "/users/join", json{{"user_id", std::string(32, 'e')}}.dump());
  CHECK(unknown.status == 404);
}
