// The operators' admission rules (core/lifecycle/admission.hpp) and how the
// slot decisions obey them: pause, the live slot count, ending a session,
// removing a candidate from the queue. Pure functions over hand-made snapshots.
#include <doctest/doctest.h>

#include "core/lifecycle/admission.hpp"
#include "tests/core/lifecycle_fixtures.hpp"

using namespace interview::lifecycle::fixtures;  // and interview, lifecycle, Document, Write

namespace {

const store::TimePoint kNow{std::chrono::seconds(1'900'000'000)};
const SlotRules kRules{3, std::chrono::seconds(300)};
const AuditEntry kAudit{"audit-1", "test", "203.0.113.7", ""};

Document user(const std::string& id, const std::string& status = "idle") { return user_at(kNow, id, status); }
QueueHead waiting(const std::string& id) { return waiting_at(kNow, id); }

// The audit entry every action writes: when, what, from where.
void check_audited(const Plan& p, const std::string& action) {
  const Write* w = find_write(p, kAdminAudit, kAudit.id);
  REQUIRE(w != nullptr);
  CHECK(w->kind == Write::Kind::set);
  CHECK(store::as_timestamp(w->fields["at"]) == kNow);
  CHECK(w->fields["client"] == "203.0.113.7");
  CHECK(w->fields["action"] == action);
}

AuditEntry audit(const std::string& action, const std::string& id = "") {
  AuditEntry a = kAudit;
  a.action = action;
  a.user_id = id;
  return a;
}

}  // namespace

TEST_CASE("admission: the settings document reads back, and anything malformed reads as the defaults") {
  CHECK_FALSE(admission_of(std::nullopt).paused);
  CHECK_FALSE(admission_of(std::nullopt).session_limit.has_value());
  Admission a{true, 7};
  auto back = admission_of(Document{kAdmissionId, admission_document(a, kNow), kNow});
  CHECK(back.paused);
  CHECK(back.session_limit == 7);
  auto junk = admission_of(Document{kAdmissionId, {{"paused", "yes"}, {"session_limit", 0}}, kNow});
  CHECK_FALSE(junk.paused);
  CHECK_FALSE(junk.session_limit.has_value());
  CHECK(live_limit(Admission{}, kRules) == 3);
  CHECK(live_limit(Admission{false, 5}, kRules) == 5);
}

TEST_CASE("admission: nobody is promoted while paused, and joiners still queue") {
  auto s = slots(0, {waiting("w1")});
  s.paused = true;
  CHECK(free_slots(s, kRules) == 0);
  auto fill = decide_fill(s, kNow, kRules);
  CHECK(fill.promoted.empty());
  CHECK(fill.writes.empty());
  // A joiner with every slot free is queued, not seated.
  CandidateSnapshot joiner{user("j"), {}, {}, 0};
  auto join = decide_join("j", joiner, s, kNow, kRules);
  CHECK(join.placement.status == UserStatus::pending);
  CHECK(join.promoted.empty());
  CHECK(find_write(join, kInSession, "j") == nullptr);
  REQUIRE(find_write(join, kQueue, "j") != nullptr);
}

TEST_CASE("admission: the live slot count decides the free slots; lowering it ends nobody") {
  auto s = slots(3, {waiting("w1"), waiting("w2")});
  s.session_limit = 5;
  CHECK(free_slots(s, kRules) == 2);
  auto fill = decide_fill(s, kNow, kRules);
  CHECK(fill.promoted == std::vector<std::string>{"w1", "w2"});
  s.session_limit = 1;
  CHECK(free_slots(s, kRules) == 0);
  auto none = decide_fill(s, kNow, kRules);
  CHECK(none.writes.empty());
  for (const auto& w : none.writes) CHECK(w.collection != kInSession);
}

TEST_CASE("admission: pause writes the settings and the audit entry and promotes nobody") {
  auto p = decide_pause(true, Admission{}, slots(0, {}), audit("pause"), kNow, kRules);
  REQUIRE_FALSE(p.plan.error.has_value());
  CHECK(p.admission.paused);
  const Write* settings = find_write(p.plan, kConfig, kAdmissionId);
  REQUIRE(settings != nullptr);
  CHECK(settings->fields["paused"] == true);
  CHECK(p.plan.promoted.empty());
  check_audited(p.plan, "pause");
}

TEST_CASE("admission: resuming promotes the next in line into the free slots in the same plan") {
  auto r = decide_pause(false, Admission{true, {}}, slots(1, {waiting("w1"), waiting("w2")}), audit("resume"), kNow,
                        kRules);
  CHECK_FALSE(r.admission.paused);
  CHECK(r.plan.promoted == std::vector<std::string>{"w1", "w2"});
  REQUIRE(find_write(r.plan, kInSession, "w1") != nullptr);
  CHECK(find_write(r.plan, kQueue, "w1")->kind == Write::Kind::remove);
  CHECK(find_write(r.plan, kConfig, kAdmissionId)->fields["paused"] == false);
  check_audited(r.plan, "resume");
}

TEST_CASE("admission: raising the slot count promotes at once, unless paused; lowering keeps sessions") {
  auto up = decide_set_limit(4, Admission{}, slots(3, {waiting("w1"), waiting("w2")}), audit("set_slots"), kNow, kRules);
  CHECK(up.admission.session_limit == 4);
  CHECK(up.plan.promoted == std::vector<std::string>{"w1"});
  CHECK(find_write(up.plan, kConfig, kAdmissionId)->fields["session_limit"] == 4);
  check_audited(up.plan, "set_slots");

  auto paused_up =
      decide_set_limit(4, Admission{true, {}}, slots(3, {waiting("w1")}), audit("set_slots"), kNow, kRules);
  CHECK(paused_up.plan.promoted.empty());
  CHECK(paused_up.admission.paused);

  auto down = decide_set_limit(1, Admission{}, slots(3, {waiting("w1")}), audit("set_slots"), kNow, kRules);
  CHECK(down.plan.promoted.empty());
  for (const auto& w : down.plan.writes) CHECK(w.collection != kInSession);
  for (const auto& w : down.plan.writes) CHECK(w.collection != kUsers);
}

TEST_CASE("admission: a slot count out of range is refused with nothing written") {
  for (int bad : {0, -1, kMaxSessionLimit + 1}) {
    auto p = decide_set_limit(bad, Admission{}, slots(0, {waiting("w1")}), audit("set_slots"), kNow, kRules);
    REQUIRE(p.plan.error.has_value());
    CHECK(p.plan.error->kind == ErrorKind::bad_request);
    CHECK(p.plan.writes.empty());
    CHECK(p.plan.promoted.empty());
  }
}

TEST_CASE("admission: ending a session is the closing step's store part and frees the slot for the next in line") {
  Document session{"a", session_document("a", kNow - std::chrono::seconds(10), kNow + std::chrono::seconds(290)), kNow};
  CandidateSnapshot c{user("a", "in_session"), session, {}, 0};
  auto e = decide_end_session("a", c, Admission{}, slots(3, {waiting("w1")}), audit("end_session", "a"), kNow, kRules);
  REQUIRE_FALSE(e.plan.error.has_value());
  CHECK(find_write(e.plan, kInSession, "a")->kind == Write::Kind::remove);
  const Write* u = find_write(e.plan, kUsers, "a");
  REQUIRE(u != nullptr);
  CHECK(u->fields["status"] == "session_over");
  CHECK(u->fields["swot_status"] == "pending");  // the SWOT is owed, as when time runs out
  CHECK(e.plan.promoted == std::vector<std::string>{"w1"});
  check_audited(e.plan, "end_session");

  SUBCASE("while paused the freed slot stays free") {
    auto p = decide_end_session("a", c, Admission{true, {}}, slots(3, {waiting("w1")}), audit("end_session", "a"),
                                kNow, kRules);
    CHECK(p.plan.promoted.empty());
    CHECK(find_write(p.plan, kInSession, "a")->kind == Write::Kind::remove);
  }
  SUBCASE("above a lowered slot count nobody is promoted") {
    auto p = decide_end_session("a", c, Admission{false, 2}, slots(3, {waiting("w1")}), audit("end_session", "a"),
                                kNow, kRules);
    CHECK(p.plan.promoted.empty());
  }
}

TEST_CASE("admission: end session refuses unknown candidates and candidates not in session, writing nothing") {
  auto unknown = decide_end_session("x", CandidateSnapshot{}, Admission{}, slots(0), audit("end_session", "x"), kNow, kRules);
  REQUIRE(unknown.plan.error.has_value());
  CHECK(unknown.plan.error->kind == ErrorKind::not_found);
  CHECK(unknown.plan.writes.empty());
  CandidateSnapshot idle{user("i"), {}, {}, 0};
  auto not_in = decide_end_session("i", idle, Admission{}, slots(0), audit("end_session", "i"), kNow, kRules);
  REQUIRE(not_in.plan.error.has_value());
  CHECK(not_in.plan.error->kind == ErrorKind::conflict);
  CHECK(not_in.plan.writes.empty());
}

TEST_CASE("admission: removing a waiting candidate drops the queue entry and sets them idle") {
  Document entry{"w", queue_document("w"), kNow};
  CandidateSnapshot c{user("w", "pending"), {}, entry, 4};
  auto r = decide_remove_from_queue("w", c, Admission{}, audit("remove_from_queue", "w"), kNow, kRules);
  REQUIRE_FALSE(r.plan.error.has_value());
  CHECK(find_write(r.plan, kQueue, "w")->kind == Write::Kind::remove);
  CHECK(find_write(r.plan, kUsers, "w")->fields["status"] == "idle");
  CHECK(r.plan.promoted.empty());
  check_audited(r.plan, "remove_from_queue");
  CHECK(find_write(r.plan, kAdminAudit, kAudit.id)->fields["detail"] == "removed from the queue at position 5");

  auto unknown = decide_remove_from_queue("x", CandidateSnapshot{}, Admission{}, audit("remove_from_queue"), kNow, kRules);
  CHECK(unknown.plan.error->kind == ErrorKind::not_found);
  CHECK(unknown.plan.writes.empty());
  CandidateSnapshot idle{user("i"), {}, {}, 0};
  auto not_queued = decide_remove_from_queue("i", idle, Admission{}, audit("remove_from_queue"), kNow, kRules);
  CHECK(not_queued.plan.error->kind == ErrorKind::conflict);
  CHECK(not_queued.plan.writes.empty());
}
