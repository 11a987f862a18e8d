// Issue 12's rules as pure functions over hand-made snapshots: the interview
// clock starts at the first /interview/start, and no-shows lose their slot.
#include <doctest/doctest.h>

#include "tests/core/lifecycle_fixtures.hpp"

using namespace interview::lifecycle::fixtures;  // and interview, lifecycle, Document, Write

namespace {

using std::chrono::seconds;

const store::TimePoint kNow{seconds(1'800'000'000)};
const SlotRules kRules{3, seconds(300), seconds(120)};

Document user(const std::string& id, const std::string& status) { return user_at(kNow, id, status); }
Document doc(const std::string& id, store::Fields f) { return doc_at(kNow, id, std::move(f)); }

// A slot given `ago` before now and not started yet.
Document awaiting(const std::string& id, seconds ago) {
  return doc(id, awaiting_session_document(id, kNow - ago, kNow - ago + kRules.no_show));
}
// A running interview that started `ago` before now.
Document running(const std::string& id, seconds ago) {
  return doc(id, session_document(id, kNow - ago, kNow - ago + kRules.session_length));
}

QueueHead waiting(const std::string& id, seconds joined_ago) {
  auto entry = queue_document(id);
  entry["created_at"] = store::timestamp_value(kNow - joined_ago);
  return {doc(id, entry), user(id, "pending")};
}

CandidateSnapshot seated(const std::string& id, Document session) {
  return CandidateSnapshot{user(id, "in_session"), std::move(session), {}, 0};
}

}  // namespace

TEST_CASE("clock: a promoted candidate's slot waits for the start; expiry is the no-show deadline") {
  Plan p = decide_fill(slots(2, {waiting("w", seconds(40))}), kNow, kRules);
  REQUIRE(p.promoted == std::vector<std::string>{"w"});
  const Write* s = find_write(p, kInSession, "w");
  REQUIRE(s);
  CHECK(s->fields["awaiting_start"] == true);
  CHECK(store::as_timestamp(s->fields["expiry_time"]) == kNow + seconds(120));
  CHECK(store::as_timestamp(s->fields["created_at"]) == kNow);
  // The wait from joining to promotion is reported for the histogram.
  REQUIRE(p.promoted_queued_at.size() == 1);
  CHECK(p.promoted_queued_at[0] == kNow - seconds(40));
}

TEST_CASE("clock: the first start begins the interview now for the whole session length") {
  Plan p = decide_begin("a", seated("a", awaiting("a", seconds(90))), kNow, kRules);
  CHECK_FALSE(p.error);
  const Write* s = find_write(p, kInSession, "a");
  REQUIRE(s);
  CHECK(s->kind == Write::Kind::set);
  CHECK(s->must_exist == std::optional<bool>(true));  // a slot reclaimed meanwhile is not re-created
  CHECK_FALSE(s->fields.contains("awaiting_start"));
  CHECK(store::as_timestamp(s->fields["start_time"]) == kNow);
  CHECK(store::as_timestamp(s->fields["expiry_time"]) == kNow + seconds(300));
  // created_at stays the moment the slot was given.
  CHECK(store::as_timestamp(s->fields["created_at"]) == kNow - seconds(90));
  REQUIRE(p.session_expiry);
  CHECK(*p.session_expiry == kNow + seconds(300));
  CHECK(p.placement.status == UserStatus::in_session);
}

TEST_CASE("clock: starting again (page reload) keeps the clock running and writes nothing") {
  Plan p = decide_begin("a", seated("a", running("a", seconds(100))), kNow, kRules);
  CHECK(p.writes.empty());
  REQUIRE(p.session_expiry);
  CHECK(*p.session_expiry == kNow + seconds(200));
}

TEST_CASE("clock: a no-show not reclaimed yet may still start (the janitor decides no-shows)") {
  Plan p = decide_begin("a", seated("a", awaiting("a", seconds(500))), kNow, kRules);
  REQUIRE(find_write(p, kInSession, "a"));
  CHECK(*p.session_expiry == kNow + seconds(300));
}

TEST_CASE("clock: a candidate without a slot begins nothing") {
  CandidateSnapshot queued{user("a", "pending"), {}, doc("a", queue_document("a")), 4};
  Plan p = decide_begin("a", queued, kNow, kRules);
  CHECK(p.writes.empty());
  CHECK_FALSE(p.session_expiry);
  CHECK(p.placement.status == UserStatus::pending);
  CHECK(decide_begin("a", CandidateSnapshot{}, kNow, kRules).error->kind == ErrorKind::not_found);
  CandidateSnapshot over{user("a", "session_over"), {}, {}, 0};
  CHECK(decide_begin("a", over, kNow, kRules).writes.empty());
}

TEST_CASE("no-show: a slot not started within NO_SHOW_SECONDS goes to the next in line; back to idle") {
  Plan p = decide_expire("a", seated("a", awaiting("a", seconds(121))), slots(3, {waiting("w", seconds(10))}), kNow,
                         kRules);
  CHECK(p.no_show);
  CHECK(find_write(p, kInSession, "a")->kind == Write::Kind::remove);
  CHECK(status_written(p, "a") == "idle");
  // No SWOT is owed for an interview that never happened.
  CHECK_FALSE(find_write(p, kUsers, "a")->fields.contains("swot_status"));
  CHECK(p.placement.status == UserStatus::idle);
  CHECK(p.promoted == std::vector<std::string>{"w"});
  REQUIRE(p.slot_given);
  CHECK(*p.slot_given == kNow - seconds(121));
}

TEST_CASE("no-show: before the deadline, or once started, the janitor leaves the slot alone") {
  auto early = decide_expire("a", seated("a", awaiting("a", seconds(119))), slots(3, {waiting("w", seconds(1))}), kNow,
                             kRules);
  CHECK(early.writes.empty());
  CHECK(early.promoted.empty());
  CHECK_FALSE(early.no_show);
  // Started meanwhile (the janitor listed it a moment before): a running session, not expired.
  auto started = decide_expire("a", seated("a", running("a", seconds(10))), slots(3, {waiting("w", seconds(1))}), kNow,
                               kRules);
  CHECK(started.writes.empty());
  CHECK_FALSE(started.no_show);
}

TEST_CASE("no-show: racing janitors reclaim once; the second finds no session and changes nothing") {
  auto first = decide_expire("a", seated("a", awaiting("a", seconds(200))), slots(3, {waiting("w", seconds(1))}), kNow,
                             kRules);
  CHECK(first.no_show);
  CandidateSnapshot after{user("a", "idle"), {}, {}, 0};
  auto second = decide_expire("a", after, slots(3, {waiting("w", seconds(1))}), kNow, kRules);
  CHECK(second.writes.empty());
  CHECK(second.promoted.empty());
  CHECK_FALSE(second.no_show);
}

TEST_CASE("no-show: a later join places them at the back like anyone new") {
  CandidateSnapshot idle{user("a", "idle"), {}, {}, 0};
  Plan p = decide_join("a", idle, slots(3), kNow, kRules);
  CHECK(p.placement.status == UserStatus::pending);
  CHECK(p.count_position);
  CHECK(store::is_server_timestamp(find_write(p, kQueue, "a")->fields["created_at"]));
}

TEST_CASE("expiry: a started interview still ends at its expiry with the SWOT owed") {
  Plan p = decide_expire("a", seated("a", running("a", seconds(301))), slots(3), kNow, kRules);
  CHECK_FALSE(p.no_show);
  CHECK(status_written(p, "a") == "session_over");
  CHECK(find_write(p, kUsers, "a")->fields["swot_status"] == "pending");
  REQUIRE(p.slot_given);
  CHECK(*p.slot_given == kNow - seconds(301));
}

namespace {

// A counting waiting place whose last poll was recorded `seen_ago` before now.
Document place(const std::string& id, seconds joined_ago, seconds seen_ago) {
  auto f = queue_document(id);
  f["created_at"] = store::timestamp_value(kNow - joined_ago);
  f["live_created_at"] = f["created_at"];
  f["seen_at"] = store::timestamp_value(kNow - seen_ago);
  return doc(id, f);
}

QueueHead head_of(Document entry) {
  auto id = entry.id;
  return {std::move(entry), user(id, "pending")};
}

}  // namespace

TEST_CASE("abandon: liveness is written at most once a minute (a third of ABANDON_SECONDS when shorter)") {
  CHECK(liveness_interval(kRules) == seconds(60));
  SlotRules quick = kRules;
  quick.abandon = seconds(6);
  CHECK(liveness_interval(quick) == seconds(2));
  // A poll 59 s after the last recorded one writes nothing; at 60 s it refreshes seen_at.
  CHECK_FALSE(decide_seen(place("a", seconds(500), seconds(59)), kNow, kRules).write);
  auto due = decide_seen(place("a", seconds(500), seconds(60)), kNow, kRules);
  REQUIRE(due.write);
  CHECK_FALSE(due.restore);
  CHECK(due.write->kind == Write::Kind::merge);
  CHECK(due.write->must_exist == std::optional<bool>(true));  // never re-creates a place promoted meanwhile
  CHECK(store::as_timestamp(due.write->fields["seen_at"]) == kNow);
}

TEST_CASE("abandon: a place not polled for ABANDON_SECONDS stops counting; fresh or already skipped: nothing") {
  auto mark = decide_abandon(place("a", seconds(900), seconds(180)), kNow, kRules);
  REQUIRE(mark);
  CHECK(mark->kind == Write::Kind::set);
  CHECK_FALSE(mark->fields.contains("live_created_at"));
  CHECK_FALSE(mark->fields.contains("seen_at"));
  CHECK(store::as_timestamp(mark->fields["skipped_at"]) == kNow);
  CHECK(store::as_timestamp(mark->fields["created_at"]) == kNow - seconds(900));  // the original place is kept
  CHECK_FALSE(decide_abandon(place("a", seconds(900), seconds(179)), kNow, kRules));
  Document skipped = doc("a", mark->fields);
  CHECK(place_stale(skipped, kNow, kRules));
  CHECK_FALSE(decide_abandon(skipped, kNow + seconds(60), kRules));  // a second janitor: nothing to write
}

TEST_CASE("abandon: the candidate's next poll restores the original place") {
  auto mark = decide_abandon(place("a", seconds(900), seconds(400)), kNow, kRules);
  REQUIRE(mark);
  auto back = decide_seen(doc("a", mark->fields), kNow + seconds(30), kRules);
  CHECK(back.restore);
  REQUIRE(back.write);
  CHECK(back.write->must_exist == std::optional<bool>(true));
  CHECK(back.write->fields["live_created_at"] == back.write->fields["created_at"]);
  CHECK(store::as_timestamp(back.write->fields["created_at"]) == kNow - seconds(900));
  CHECK(store::as_timestamp(back.write->fields["seen_at"]) == kNow + seconds(30));
  CHECK_FALSE(back.write->fields.contains("skipped_at"));
  CHECK_FALSE(place_stale(doc("a", back.write->fields), kNow + seconds(30), kRules));
}

TEST_CASE("abandon: an entry the old backend wrote counts from its first poll") {
  Document legacy = doc("old", {{"user_id", "old"}, {"created_at", store::timestamp_value(kNow - seconds(50))},
                                {"status", "pending"}});
  CHECK(place_stale(legacy, kNow, kRules));
  CHECK(decide_seen(legacy, kNow, kRules).restore);
}

TEST_CASE("promotion: abandoned places are skipped (and marked), the next live place is promoted") {
  auto gone = head_of(place("gone", seconds(900), seconds(200)));
  auto live = head_of(place("live", seconds(800), seconds(5)));
  Plan p = decide_fill(slots(2, {gone, live}), kNow, kRules);
  CHECK(p.promoted == std::vector<std::string>{"live"});
  CHECK(p.skipped == std::vector<std::string>{"gone"});
  const Write* mark = find_write(p, kQueue, "gone");
  REQUIRE(mark);
  CHECK(mark->kind == Write::Kind::set);
  CHECK_FALSE(mark->fields.contains("live_created_at"));
  CHECK_FALSE(find_write(p, kInSession, "gone"));
  CHECK(find_write(p, kInSession, "live"));
}

TEST_CASE("join: a newcomer does not jump live places hidden behind a head read full of abandoned ones") {
  CandidateSnapshot fresh{user("new", "idle"), {}, {}, 0};
  auto s = slots(2, {head_of(place("x", seconds(900), seconds(200))), head_of(place("y", seconds(800), seconds(200)))});
  s.queue_head_truncated = true;
  Plan p = decide_join("new", fresh, s, kNow, kRules);
  CHECK(p.promoted.empty());
  CHECK(p.placement.status == UserStatus::pending);
  // With the whole queue read, the free slot is the newcomer's.
  s.queue_head_truncated = false;
  CHECK(decide_join("new", fresh, s, kNow, kRules).placement.status == UserStatus::in_session);
}

TEST_CASE("join: a new waiting place counts at once and records its first poll") {
  CandidateSnapshot fresh{user("new", "idle"), {}, {}, 0};
  Plan p = decide_join("new", fresh, slots(3), kNow, kRules);
  const Write* q = find_write(p, kQueue, "new");
  REQUIRE(q);
  CHECK(store::is_server_timestamp(q->fields["live_created_at"]));
  CHECK(store::as_timestamp(q->fields["seen_at"]) == kNow);
}
