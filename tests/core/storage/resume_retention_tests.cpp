// The retention rule of the kept resume files (RESUME_RETENTION_DAYS): the
// cutoff (none for 0), the candidates' query (and from where the janitor's
// last pass ended), the decision on the re-read document (old-backend
// documents, the boundary, a second janitor), then the same query and decision
// inside transactions on the embedded store.
#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

#include "core/storage/resume_retention.hpp"
#include "sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview;
using std::chrono::hours;
using std::chrono::microseconds;

namespace {

const store::TimePoint kNow = store::now_micros();
constexpr hours kDay{24};

store::Fields kept_user(store::TimePoint created, const std::string& path = "resumes/u1.pdf") {
  return {{"user_id", "u1"},
          {"first_name", "Ada"},
          {"status", "session_over"},
          {"resume_path", path},
          {"resume_bucket", nullptr},
          {"resume_kept", true},
          {"created_at", store::timestamp_value(created)}};
}

store::Document doc(store::Fields f, const std::string& id = "u1") { return {id, std::move(f), kNow}; }

}  // namespace

TEST_CASE("retention cutoff: days before now; none when the setting is 0") {
  CHECK(storage::retention_cutoff(kNow, 0) == std::nullopt);
  CHECK(storage::retention_cutoff(kNow, -1) == std::nullopt);
  REQUIRE(storage::retention_cutoff(kNow, 30).has_value());
  CHECK(*storage::retention_cutoff(kNow, 30) == kNow - 30 * kDay);
  CHECK(*storage::retention_cutoff(kNow, 1) == kNow - kDay);
  CHECK(*storage::retention_cutoff(kNow, 36500) == kNow - 36500 * kDay);
}

TEST_CASE("retention query: users with resume_kept == true and created_at < cutoff, oldest first, limited") {
  auto cutoff = kNow - 30 * kDay;
  auto q = storage::resume_retention_query(cutoff, 25);
  CHECK(q.collection == "users");
  REQUIRE(q.filters.size() == 2);
  CHECK(q.filters[0].field == "resume_kept");
  CHECK(q.filters[0].op == store::Op::eq);
  CHECK(q.filters[0].value == true);
  CHECK(q.filters[1].field == "created_at");
  CHECK(q.filters[1].op == store::Op::lt);
  CHECK(q.filters[1].value == store::timestamp_value(cutoff));
  REQUIRE(q.order_by.has_value());
  CHECK(q.order_by->first == "created_at");
  CHECK(q.order_by->second == store::Direction::asc);
  CHECK(q.limit == 25);
}

TEST_CASE("retention query from where the last pass ended: created_at >= from as well, same order") {
  auto cutoff = kNow - 30 * kDay;
  auto from = cutoff - hours(1);
  auto q = storage::resume_retention_query(cutoff, 100, from);
  REQUIRE(q.filters.size() == 3);
  CHECK(q.filters[0].field == "resume_kept");
  CHECK(q.filters[1].field == "created_at");
  CHECK(q.filters[1].op == store::Op::lt);
  CHECK(q.filters[2].field == "created_at");
  CHECK(q.filters[2].op == store::Op::ge);
  CHECK(q.filters[2].value == store::timestamp_value(from));
  REQUIRE(q.order_by.has_value());
  CHECK(q.order_by->first == "created_at");
  CHECK(q.limit == 100);
}

TEST_CASE("retention cursor: the next pass starts at the oldest not done, the last of a full batch, or the cutoff") {
  auto cutoff = kNow - 30 * kDay;
  auto t = [&](int days_ago) { return kNow - days_ago * kDay; };
  using O = storage::RetentionOutcome;
  // Nothing found, or all done in a batch that was not full: nothing older is due.
  CHECK(storage::next_retention_from({}, 3, cutoff) == cutoff);
  CHECK(storage::next_retention_from({O{t(50), true}, O{t(40), true}}, 3, cutoff) == cutoff);
  // A full batch, all done: more may follow from the last one on (ties with it included).
  CHECK(storage::next_retention_from({O{t(50), true}, O{t(45), true}, O{t(40), true}}, 3, cutoff) == t(40));
  // One not done (its delete failed): tried again, so the next pass starts at it.
  CHECK(storage::next_retention_from({O{t(50), true}, O{t(45), false}, O{t(40), false}}, 3, cutoff) == t(45));
  CHECK(storage::next_retention_from({O{t(50), false}}, 3, cutoff) == t(50));
}

TEST_CASE("retention rule: a kept file older than the cutoff is due; the record says it is gone, nothing else") {
  auto cutoff = kNow - 30 * kDay;
  auto user = doc(kept_user(kNow - 40 * kDay));
  CHECK(storage::resume_due(user.fields, cutoff));
  auto w = storage::decide_resume_removal(user, "resumes/u1.pdf", cutoff, kNow);
  REQUIRE(w.has_value());
  CHECK(w->kind == store::Write::Kind::merge);
  CHECK(w->collection == "users");
  CHECK(w->id == "u1");
  CHECK(w->must_exist == std::optional<bool>(true));
  // Exactly these four fields: profile, status, transcript and SWOT are not in the merge.
  CHECK(w->fields == store::Fields{{"resume_path", nullptr},
                                   {"resume_kept", false},
                                   {"resume_removed_at", store::timestamp_value(kNow)},
                                   {"resume_removed_reason", "retention"}});
}

TEST_CASE("retention rule: the boundary is strict (created exactly at the cutoff is kept)") {
  auto cutoff = kNow - 30 * kDay;
  CHECK_FALSE(storage::resume_due(kept_user(cutoff), cutoff));
  CHECK_FALSE(storage::decide_resume_removal(doc(kept_user(cutoff)), "resumes/u1.pdf", cutoff, kNow).has_value());
  CHECK(storage::resume_due(kept_user(cutoff - microseconds(1)), cutoff));
  CHECK_FALSE(storage::resume_due(kept_user(cutoff + microseconds(1)), cutoff));
  CHECK_FALSE(storage::resume_due(kept_user(kNow), cutoff));
}

TEST_CASE("retention rule: old-backend documents (no resume_kept) and files already gone are left alone") {
  auto cutoff = kNow - 30 * kDay;
  auto old_backend = kept_user(kNow - 400 * kDay, "resume/0b9c2c8e-5f1a-4e0e-9d5e-2f3c1a7b8d90.pdf");
  old_backend.erase("resume_kept");
  old_backend["resume_bucket"] = "old-bucket";
  CHECK_FALSE(storage::resume_due(old_backend, cutoff));
  CHECK_FALSE(storage::decide_resume_removal(doc(old_backend), old_backend["resume_path"], cutoff, kNow).has_value());
  // Already removed (by a janitor that was first): nothing more.
  auto removed = kept_user(kNow - 40 * kDay);
  removed["resume_path"] = nullptr;
  removed["resume_kept"] = false;
  CHECK_FALSE(storage::resume_due(removed, cutoff));
  CHECK_FALSE(storage::decide_resume_removal(doc(removed), "resumes/u1.pdf", cutoff, kNow).has_value());
  // resume_kept true but no path to speak of, or not a boolean: not due.
  auto no_path = kept_user(kNow - 40 * kDay);
  no_path["resume_path"] = "";
  CHECK_FALSE(storage::resume_due(no_path, cutoff));
  auto text_flag = kept_user(kNow - 40 * kDay);
  text_flag["resume_kept"] = "true";
  CHECK_FALSE(storage::resume_due(text_flag, cutoff));
  // created_at missing or not a timestamp: cannot be judged old.
  auto no_time = kept_user(kNow - 40 * kDay);
  no_time.erase("created_at");
  CHECK_FALSE(storage::resume_due(no_time, cutoff));
  auto text_time = kept_user(kNow - 40 * kDay);
  text_time["created_at"] = "2020-01-01T00:00:00Z";
  CHECK_FALSE(storage::resume_due(text_time, cutoff));
  CHECK_FALSE(storage::resume_due(store::Fields::object(), cutoff));
}

TEST_CASE("retention rule: a record whose path is not the deleted one is not marked") {
  auto cutoff = kNow - 30 * kDay;
  auto user = doc(kept_user(kNow - 40 * kDay, "resumes/u1.docx"));
  CHECK_FALSE(storage::decide_resume_removal(user, "resumes/u1.pdf", cutoff, kNow).has_value());
  CHECK(storage::decide_resume_removal(user, "resumes/u1.docx", cutoff, kNow).has_value());
}

namespace {

std::unique_ptr<store::DocumentStore> open_store(const testing::TempDir& dir) {
  store::SqliteOptions o;
  o.path = dir.path() + "/retention.db";
  o.indexed_fields = {"created_at"};
  auto s = store::open_sqlite_store(o);
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(s.value());
}

// One janitor's transaction for one candidate: re-read, decide, stage. True when it marked.
bool mark_removed(store::DocumentStore& s, const std::string& id, const std::string& path, store::TimePoint cutoff) {
  bool marked = false;
  auto st = s.run_transaction([&](store::Transaction& tx) {
    marked = false;
    auto user = tx.get("users", id);
    if (!user) return;
    auto w = storage::decide_resume_removal(*user, path, cutoff, kNow);
    if (!w) return;
    tx.stage(std::move(*w));
    marked = true;
  });
  REQUIRE(st.ok());
  return marked;
}

}  // namespace

TEST_CASE("retention on the embedded store: the query finds only due kept files; a second janitor marks nothing") {
  testing::TempDir dir("retention");
  auto s = open_store(dir);
  auto cutoff = kNow - 30 * kDay;
  auto put = [&](const std::string& id, store::Fields f) {
    f["user_id"] = id;
    if (f.contains("resume_path") && f["resume_path"].is_string()) f["resume_path"] = "resumes/" + id + ".pdf";
    REQUIRE(s->commit({{store::Write::Kind::set, "users", id, f, {}}}).ok());
  };
  put("old2", kept_user(kNow - 50 * kDay));
  put("old1", kept_user(kNow - 40 * kDay));
  put("edge", kept_user(cutoff));
  put("new", kept_user(kNow - kDay));
  auto legacy = kept_user(kNow - 400 * kDay);
  legacy.erase("resume_kept");
  put("legacy", legacy);
  auto gone = kept_user(kNow - 60 * kDay);
  gone["resume_kept"] = false;
  gone["resume_path"] = nullptr;
  put("gone", gone);

  auto due = s->query(storage::resume_retention_query(cutoff, 10));
  REQUIRE(due.ok());
  REQUIRE(due->size() == 2);
  CHECK((*due)[0].id == "old2");  // oldest first
  CHECK((*due)[1].id == "old1");
  auto from_40 = s->query(storage::resume_retention_query(cutoff, 10, kNow - 40 * kDay));
  REQUIRE(from_40.ok());
  REQUIRE(from_40->size() == 1);
  CHECK((*from_40)[0].id == "old1");  // created exactly at `from`: included
  auto from_cutoff = s->query(storage::resume_retention_query(cutoff, 10, cutoff));
  REQUIRE(from_cutoff.ok());
  CHECK(from_cutoff->empty());
  auto one = s->query(storage::resume_retention_query(cutoff, 1));
  REQUIRE(one.ok());
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].id == "old2");

  auto before = s->get("users", "old1");
  REQUIRE(before.ok());
  REQUIRE(before->has_value());
  CHECK(mark_removed(*s, "old1", "resumes/old1.pdf", cutoff));
  CHECK_FALSE(mark_removed(*s, "old1", "resumes/old1.pdf", cutoff));  // a racing janitor, second: nothing
  CHECK_FALSE(mark_removed(*s, "new", "resumes/new.pdf", cutoff));
  CHECK_FALSE(mark_removed(*s, "legacy", "resumes/legacy.pdf", cutoff));
  CHECK_FALSE(mark_removed(*s, "missing", "resumes/missing.pdf", cutoff));

  auto after = s->get("users", "old1");
  REQUIRE(after.ok());
  REQUIRE(after->has_value());
  auto f = (*after)->fields;
  CHECK(f["resume_path"].is_null());
  CHECK(f["resume_kept"] == false);
  CHECK(f["resume_removed_reason"] == "retention");
  CHECK(store::as_timestamp(f["resume_removed_at"]) == std::optional<store::TimePoint>(kNow));
  // Everything else as it was.
  auto rest = f;
  auto was = (*before)->fields;
  for (const char* k : {"resume_path", "resume_kept", "resume_removed_at", "resume_removed_reason"}) {
    rest.erase(k);
    was.erase(k);
  }
  CHECK(rest == was);

  auto left = s->query(storage::resume_retention_query(cutoff, 10));
  REQUIRE(left.ok());
  REQUIRE(left->size() == 1);
  CHECK((*left)[0].id == "old2");
  CHECK(s->get("users", "missing")->has_value() == false);  // must_exist: no document made up
}
