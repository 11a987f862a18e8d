// The SWOT claim: the pure rules (who may claim, when a claim is stale and
// owed again), then the same rules inside real transactions on the embedded
// store, where racing claimers get exactly one `claimed` and the first SWOT
// stored is the one kept.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/interview/interview_records.hpp"
#include "sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview;
using interview_flow::SwotClaim;
using std::chrono::seconds;

namespace {

const store::TimePoint kNow = store::now_micros();
const seconds kStale{180};

store::Fields claimed_at(store::TimePoint at) {
  return {{"swot_status", "generating"}, {"swot_claimed_at", store::timestamp_value(at)}};
}

store::Fields with_swot(store::Fields f) {
  f["swot_analysis"] = {{"strengths", {"a"}}, {"weaknesses", {}}, {"opportunities", {}}, {"threats", {}}};
  return f;
}

llm::SwotAnalysis swot_named(const std::string& strength) {
  llm::SwotAnalysis s;
  s.strengths = {strength};
  s.weaknesses = {"w"};
  s.opportunities = {"o"};
  s.threats = {"t"};
  return s;
}

}  // namespace

TEST_CASE("swot claim rule: pending or unclaimed is claimed, a stored SWOT is done") {
  CHECK(interview_flow::decide_swot_claim({{"swot_status", "pending"}}, kNow, kStale) == SwotClaim::claimed);
  CHECK(interview_flow::decide_swot_claim(store::Fields::object(), kNow, kStale) == SwotClaim::claimed);
  CHECK(interview_flow::decide_swot_claim(with_swot({{"swot_status", "done"}}), kNow, kStale) == SwotClaim::done);
  // A stored SWOT wins over any claim, live or stale.
  CHECK(interview_flow::decide_swot_claim(with_swot(claimed_at(kNow)), kNow, kStale) == SwotClaim::done);
  // {"raw": ...} of the old backend is not a SWOT: it is made again.
  CHECK(interview_flow::decide_swot_claim({{"swot_analysis", {{"raw", "text"}}}}, kNow, kStale) ==
        SwotClaim::claimed);
}

TEST_CASE("swot claim rule: a claim younger than the stale age is someone else's; an older one is taken over") {
  CHECK(interview_flow::decide_swot_claim(claimed_at(kNow - seconds(179)), kNow, kStale) == SwotClaim::taken);
  CHECK(interview_flow::decide_swot_claim(claimed_at(kNow - seconds(180)), kNow, kStale) == SwotClaim::claimed);
  CHECK(interview_flow::decide_swot_claim(claimed_at(kNow - seconds(3600)), kNow, kStale) == SwotClaim::claimed);
  // A claim without its time cannot be judged live: taken over.
  CHECK(interview_flow::decide_swot_claim({{"swot_status", "generating"}}, kNow, kStale) == SwotClaim::claimed);
  // The stale age is the caller's: the same claim is live for a longer one.
  CHECK(interview_flow::decide_swot_claim(claimed_at(kNow - seconds(10)), kNow, seconds(5)) == SwotClaim::claimed);
  CHECK(interview_flow::decide_swot_claim(claimed_at(kNow - seconds(10)), kNow, seconds(60)) == SwotClaim::taken);
}

TEST_CASE("swot owed rule: pending and stale claims are owed; live claims and stored SWOTs are not") {
  CHECK(interview_flow::swot_owed({{"swot_status", "pending"}}, kNow, kStale));
  CHECK(interview_flow::swot_owed(claimed_at(kNow - seconds(181)), kNow, kStale));
  CHECK(interview_flow::swot_owed({{"swot_status", "generating"}}, kNow, kStale));
  CHECK_FALSE(interview_flow::swot_owed(claimed_at(kNow - seconds(5)), kNow, kStale));
  CHECK_FALSE(interview_flow::swot_owed(with_swot({{"swot_status", "done"}}), kNow, kStale));
  CHECK_FALSE(interview_flow::swot_owed(with_swot(claimed_at(kNow - seconds(999))), kNow, kStale));
  CHECK_FALSE(interview_flow::swot_owed({{"swot_status", "done"}, {"first_name", "Ada"}}, kNow, kStale));
  CHECK_FALSE(interview_flow::swot_owed(store::Fields::object(), kNow, kStale));  // never closed
}

TEST_CASE("swot claims query: one equality filter on swot_status generating") {
  auto q = interview_flow::swot_claims_query(50);
  CHECK(q.collection == "users");
  REQUIRE(q.filters.size() == 1);
  CHECK(q.filters[0].field == "swot_status");
  CHECK(q.filters[0].op == store::Op::eq);
  CHECK(q.filters[0].value == "generating");
  CHECK_FALSE(q.order_by.has_value());
  CHECK(q.limit == 50);
}

namespace {

std::unique_ptr<store::DocumentStore> open_store(const testing::TempDir& dir) {
  store::SqliteOptions o;
  o.path = dir.path() + "/claims.db";
  o.indexed_fields = {"swot_status"};
  auto s = store::open_sqlite_store(o);
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(s.value());
}

void put_user(store::DocumentStore& s, const std::string& id, store::Fields f) {
  f["user_id"] = id;
  REQUIRE(s.commit({{store::Write::Kind::set, "users", id, f, {}}}).ok());
}

store::Fields fields_of(store::DocumentStore& s, const std::string& id) {
  auto d = s.get("users", id);
  REQUIRE(d.ok());
  REQUIRE(d->has_value());
  return (*d)->fields;
}

}  // namespace

TEST_CASE("swot claim on the embedded store: of eight racing claimers exactly one claims, for each of 20 users") {
  testing::TempDir dir("swot-claims");
  auto s = open_store(dir);
  for (int u = 0; u < 20; ++u) {
    std::string id = "u" + std::to_string(u);
    put_user(*s, id, {{"swot_status", "pending"}});
    std::atomic<int> claimed{0}, taken{0}, failed{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 8; ++t)
      racers.emplace_back([&] {
        auto c = interview_flow::claim_swot(*s, id, kStale);
        if (!c) failed++;
        else if (*c == SwotClaim::claimed) claimed++;
        else if (*c == SwotClaim::taken) taken++;
      });
    for (auto& r : racers) r.join();
    CHECK(failed == 0);
    CHECK(claimed == 1);
    CHECK(taken == 7);
    CHECK(fields_of(*s, id)["swot_status"] == "generating");
  }
}

TEST_CASE("swot claim on the embedded store: a stale claim is taken over once; the first SWOT saved is kept") {
  testing::TempDir dir("swot-takeover");
  auto s = open_store(dir);
  put_user(*s, "dead", claimed_at(store::now_micros() - seconds(200)));
  put_user(*s, "live", claimed_at(store::now_micros()));

  CHECK(*interview_flow::claim_swot(*s, "live", kStale) == SwotClaim::taken);
  CHECK(*interview_flow::claim_swot(*s, "dead", kStale) == SwotClaim::claimed);
  // The new claim is live: a second janitor does not take it too.
  CHECK(*interview_flow::claim_swot(*s, "dead", kStale) == SwotClaim::taken);
  auto claims = s->query(interview_flow::swot_claims_query(10));
  REQUIRE(claims.ok());
  int owed = 0;
  for (const auto& d : *claims) owed += interview_flow::swot_owed(d.fields, store::now_micros(), kStale) ? 1 : 0;
  CHECK(claims->size() == 2);
  CHECK(owed == 0);

  // The taken-over owner was only slow and finishes after the new one: one SWOT stays.
  REQUIRE(interview_flow::save_swot(*s, "dead", swot_named("new owner")).ok());
  REQUIRE(interview_flow::save_swot(*s, "dead", swot_named("old owner")).ok());
  auto f = fields_of(*s, "dead");
  CHECK(f["swot_status"] == "done");
  CHECK(f["swot_analysis"]["strengths"] == nlohmann::json::array({"new owner"}));
  // A failed generation elsewhere gives nothing back once a SWOT is stored.
  REQUIRE(interview_flow::release_swot(*s, "dead").ok());
  CHECK(fields_of(*s, "dead")["swot_status"] == "done");
  CHECK(*interview_flow::claim_swot(*s, "dead", kStale) == SwotClaim::done);
}

TEST_CASE("swot release: a failed generation makes the SWOT owed again") {
  testing::TempDir dir("swot-release");
  auto s = open_store(dir);
  put_user(*s, "u", {{"swot_status", "pending"}});
  REQUIRE(*interview_flow::claim_swot(*s, "u", kStale) == SwotClaim::claimed);
  REQUIRE(interview_flow::release_swot(*s, "u").ok());
  auto f = fields_of(*s, "u");
  CHECK(f["swot_status"] == "pending");
  CHECK(interview_flow::swot_owed(f, store::now_micros(), kStale));
}
