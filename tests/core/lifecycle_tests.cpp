// Every lifecycle rule, as pure functions over hand-made snapshots.
#include <doctest/doctest.h>

#include "tests/core/lifecycle_fixtures.hpp"

using namespace interview::lifecycle::fixtures;  // and interview, lifecycle, Document, Write

namespace {

const store::TimePoint kNow{std::chrono::seconds(1'800'000'000)};
const SlotRules kRules{3, std::chrono::seconds(300)};

Document user(const std::string& id, const std::string& status = "idle") { return user_at(kNow, id, status); }
Document doc(const std::string& id, store::Fields f = store::Fields::object()) { return doc_at(kNow, id, std::move(f)); }
Document session(const std::string& id, store::TimePoint expiry) {
  return doc(id, session_document(id, expiry - kRules.session_length, expiry));
}

QueueHead waiting(const std::string& id) { return waiting_at(kNow, id); }

// A plan that writes nothing and promotes nobody.
void check_changes_nothing(const Plan& p) {
  CHECK(p.writes.empty());
  CHECK(p.promoted.empty());
}

// A candidate whose session is over: neither waiting nor in session.
CandidateSnapshot finished(const std::string& id) { return CandidateSnapshot{user(id, "session_over"), {}, {}, 0}; }

}  // namespace

TEST_CASE("join: a free slot places the candidate in session with a session document") {
  CandidateSnapshot c{user("a"), {}, {}, 0};
  Plan p = decide_join("a", c, slots(0), kNow, kRules);
  CHECK(p.placement.status == UserStatus::in_session);
  CHECK(p.placement.queue_number == 0);
  const Write* s = find_write(p, kInSession, "a");
  REQUIRE(s);
  // Issue 12: the interview's clock starts at the first /interview/start
  // (decide_begin); until then expiry_time is the no-show deadline.
  CHECK(store::as_timestamp(s->fields["expiry_time"]) == kNow + kRules.no_show);
  CHECK(s->fields["awaiting_start"] == true);
  CHECK(store::as_timestamp(s->fields["start_time"]) == kNow);
  CHECK(s->fields["status"] == "in_session");
  CHECK(status_written(p, "a") == "in_session");
  CHECK_FALSE(find_write(p, kQueue, "a"));
}

TEST_CASE("join: all slots taken queues the candidate at the end with a server timestamp") {
  CandidateSnapshot c{user("a"), {}, {}, 0};
  Plan p = decide_join("a", c, slots(3), kNow, kRules);
  CHECK(p.placement.status == UserStatus::pending);
  CHECK(p.count_position);  // the commit time orders the queue: counted after commit
  const Write* q = find_write(p, kQueue, "a");
  REQUIRE(q);
  CHECK(store::is_server_timestamp(q->fields["created_at"]));
  CHECK(q->fields["status"] == "pending");
  CHECK(status_written(p, "a") == "pending");
  CHECK_FALSE(find_write(p, kInSession, "a"));
}

TEST_CASE("join: a candidate already in session gets the current state and nothing is written") {
  CandidateSnapshot c{user("a", "in_session"), session("a", kNow + std::chrono::seconds(10)), {}, 0};
  Plan p = decide_join("a", c, slots(1), kNow, kRules);
  CHECK(p.placement.status == UserStatus::in_session);
  CHECK(p.writes.empty());
}

TEST_CASE("join: a waiting candidate keeps their live position and is not queued twice") {
  CandidateSnapshot c{user("a", "pending"), {}, doc("a", queue_document("a")), 6};
  Plan p = decide_join("a", c, slots(3), kNow, kRules);
  CHECK(p.placement.status == UserStatus::pending);
  CHECK(p.placement.queue_number == 7);
  CHECK(p.writes.empty());
}

TEST_CASE("join: a candidate whose session is over is never placed again") {
  CandidateSnapshot c{user("a", "session_over"), {}, {}, 0};
  Plan p = decide_join("a", c, slots(0), kNow, kRules);
  CHECK(p.placement.status == UserStatus::session_over);
  CHECK(p.writes.empty());
}

TEST_CASE("join: a session removed behind our back (TTL) counts as over, not as a new placement") {
  CandidateSnapshot c{user("a", "in_session"), {}, {}, 0};
  Plan p = decide_join("a", c, slots(0), kNow, kRules);
  CHECK(p.placement.status == UserStatus::session_over);
  CHECK(status_written(p, "a") == "session_over");
  CHECK_FALSE(find_write(p, kInSession, "a"));
}

TEST_CASE("join: an unknown user is not found and nothing is written") {
  Plan p = decide_join("a", CandidateSnapshot{}, slots(0), kNow, kRules);
  REQUIRE(p.error);
  CHECK(p.error->kind == ErrorKind::not_found);
  CHECK(p.writes.empty());
}

TEST_CASE("join: waiting candidates fill free slots before a newcomer (no queue jumping)") {
  CandidateSnapshot c{user("new"), {}, {}, 0};
  Plan p = decide_join("new", c, slots(2, {waiting("w1")}), kNow, kRules);
  CHECK(p.promoted == std::vector<std::string>{"w1"});
  CHECK(p.placement.status == UserStatus::pending);
  CHECK(p.count_position);
  CHECK(status_written(p, "w1") == "in_session");
  CHECK(find_write(p, kQueue, "w1")->kind == Write::Kind::remove);
}

TEST_CASE("exit: leaving a session ends it and promotes the oldest waiting candidate") {
  CandidateSnapshot c{user("a", "in_session"), session("a", kNow + std::chrono::seconds(100)), {}, 0};
  Plan p = decide_exit("a", c, slots(3, {waiting("w1")}), kNow, kRules);
  CHECK(p.placement.status == UserStatus::session_over);
  CHECK(p.promoted == std::vector<std::string>{"w1"});
  CHECK(find_write(p, kInSession, "a")->kind == Write::Kind::remove);
  CHECK(status_written(p, "a") == "session_over");
  CHECK(find_write(p, kInSession, "w1")->kind == Write::Kind::set);
}

TEST_CASE("exit: a waiting candidate leaves the queue and promotes nobody") {
  CandidateSnapshot c{user("a", "pending"), {}, doc("a", queue_document("a")), 2};
  Plan p = decide_exit("a", c, slots(3, {waiting("w1")}), kNow, kRules);
  CHECK(p.promoted.empty());
  CHECK(find_write(p, kQueue, "a")->kind == Write::Kind::remove);
  CHECK(status_written(p, "a") == "idle");
  CHECK_FALSE(find_write(p, kInSession, "w1"));
}

TEST_CASE("exit: a candidate neither waiting nor in session changes nothing") {
  Plan p = decide_exit("a", finished("a"), slots(3, {waiting("w1")}), kNow, kRules);
  check_changes_nothing(p);
  CHECK(p.placement.status == UserStatus::session_over);
}

TEST_CASE("exit: an unknown user is not found") {
  Plan p = decide_exit("a", CandidateSnapshot{}, slots(0), kNow, kRules);
  REQUIRE(p.error);
  CHECK(p.error->kind == ErrorKind::not_found);
}

TEST_CASE("expire: a session before its expiry time is left alone") {
  CandidateSnapshot c{user("a", "in_session"), session("a", kNow + std::chrono::seconds(1)), {}, 0};
  Plan p = decide_expire("a", c, slots(3, {waiting("w1")}), kNow, kRules);
  check_changes_nothing(p);
}

TEST_CASE("expire: an expired session ends, the user is session_over and the oldest waiting is promoted") {
  CandidateSnapshot c{user("a", "in_session"), session("a", kNow - std::chrono::seconds(1)), {}, 0};
  Plan p = decide_expire("a", c, slots(3, {waiting("w1"), waiting("w2")}), kNow, kRules);
  CHECK(status_written(p, "a") == "session_over");
  CHECK(p.promoted == std::vector<std::string>{"w1"});
  CHECK_FALSE(find_write(p, kInSession, "w2"));
}

TEST_CASE("expire: a session already ended by someone else is a no-op (racing janitors)") {
  check_changes_nothing(decide_expire("a", finished("a"), slots(2, {waiting("w1")}), kNow, kRules));
}

TEST_CASE("promotion: stale queue entries (deleted or finished users) are dropped, not placed") {
  QueueHead gone{doc("gone", queue_document("gone")), std::nullopt};
  QueueHead over{doc("over", queue_document("over")), user("over", "session_over")};
  Plan p = decide_fill(slots(1, {gone, over, waiting("w")}), kNow, kRules);
  CHECK(p.promoted == std::vector<std::string>{"w"});
  CHECK(find_write(p, kQueue, "gone")->kind == Write::Kind::remove);
  CHECK(find_write(p, kQueue, "over")->kind == Write::Kind::remove);
  CHECK_FALSE(find_write(p, kInSession, "over"));
}

TEST_CASE("fill: no free slot promotes nobody") {
  check_changes_nothing(decide_fill(slots(3, {waiting("w")}), kNow, kRules));
}
