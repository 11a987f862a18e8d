// LiveStatusReader against a DocumentStore implementation (make_test_store):
// with a change token (SQLite) answers come from the snapshot of the waiting
// line, without one (Firestore) from store reads; either way they must equal
// the stored truth after every commit.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/lifecycle/collections.hpp"
#include "actors/live_status.hpp"

using namespace interview;
using namespace interview::lifecycle;
using namespace interview::actors;
using namespace interview::store;

std::unique_ptr<DocumentStore> make_test_store();

namespace {

void must(const Status& st) { REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message)); }

void add_user(DocumentStore& s, const std::string& id, UserStatus status) {
  must(s.commit({{Write::Kind::set, kUsers, id, {{"user_id", id}, {"status", to_string(status)}, {"resume_text", std::string(3000, 'r')}}, {}}}));
}

// Ids sort in joining order, so the order holds even if two commits share a
// timestamp (Firestore's REQUEST_TIME; ties are ordered by id).
void join_queue(DocumentStore& s, const std::string& id) {
  must(s.commit({{Write::Kind::set, kUsers, id, {{"status", "pending"}}, {}},
                 {Write::Kind::set, kQueue, id, queue_document(id), {}}}));
}

void leave_queue(DocumentStore& s, const std::string& id, UserStatus now) {
  must(s.commit({{Write::Kind::remove, kQueue, id, Fields::object(), {}},
                 {Write::Kind::merge, kUsers, id, {{"status", to_string(now)}}, {}}}));
}

LiveStatus must_read(LiveStatusReader& r, const std::string& id) {
  auto s = r.read(id);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
  return *s;
}

void check_status(LiveStatusReader& r, const std::string& id, UserStatus status, std::int64_t position) {
  CAPTURE(id);
  auto s = must_read(r, id);
  CHECK(to_string(s.status) == std::string(to_string(status)));
  CHECK(s.queue_position == position);
}

}  // namespace

TEST_CASE("live status: each candidate's status, and the waiting ones' positions in joining order") {
  std::shared_ptr<DocumentStore> s = make_test_store();
  for (const auto& id : {"w1", "w2", "w3"}) add_user(*s, id, UserStatus::idle);
  for (const auto& id : {"w1", "w2", "w3"}) join_queue(*s, id);
  add_user(*s, "talking", UserStatus::in_session);
  add_user(*s, "promoting", UserStatus::pending);  // pending, its queue entry already gone
  add_user(*s, "done", UserStatus::session_over);
  add_user(*s, "fresh", UserStatus::idle);
  LiveStatusReader reader(s);
  for (int pass = 0; pass < 2; ++pass) {  // the second pass is served from the snapshot, if any
    check_status(reader, "w1", UserStatus::pending, 1);
    check_status(reader, "w2", UserStatus::pending, 2);
    check_status(reader, "w3", UserStatus::pending, 3);
    check_status(reader, "promoting", UserStatus::pending, 0);
    check_status(reader, "talking", UserStatus::in_session, 0);
    check_status(reader, "done", UserStatus::session_over, 0);
    check_status(reader, "fresh", UserStatus::idle, 0);
    auto missing = reader.read("nobody");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::not_found);
  }
  auto c = reader.counters();
  if (s->has_change_token()) {
    CHECK(c.rebuilds >= 1);
    CHECK(c.snapshot_answers >= 4);  // the second pass's waiting candidates
  } else {
    CHECK(c.snapshot_answers == 0);
  }
}

TEST_CASE("live status: the next read after any commit sees it") {
  std::shared_ptr<DocumentStore> s = make_test_store();
  for (const auto& id : {"a", "b", "c"}) join_queue(*s, id);
  LiveStatusReader reader(s);
  check_status(reader, "c", UserStatus::pending, 3);
  leave_queue(*s, "a", UserStatus::in_session);  // promoted
  check_status(reader, "a", UserStatus::in_session, 0);
  check_status(reader, "c", UserStatus::pending, 2);
  leave_queue(*s, "b", UserStatus::idle);  // left the queue
  check_status(reader, "b", UserStatus::idle, 0);
  check_status(reader, "c", UserStatus::pending, 1);
  join_queue(*s, "d");
  check_status(reader, "d", UserStatus::pending, 2);
  check_status(reader, "c", UserStatus::pending, 1);
  must(s->commit({{Write::Kind::remove, kUsers, "d", Fields::object(), {}},
                  {Write::Kind::remove, kQueue, "d", Fields::object(), {}}}));
  auto gone = reader.read("d");
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().kind == ErrorKind::not_found);
}

TEST_CASE("live status: readers racing promotions never see a position go back up") {
  std::shared_ptr<DocumentStore> s = make_test_store();
  const int n = 12;
  auto id = [](int i) { return "r" + std::string(i < 10 ? "0" : "") + std::to_string(i); };
  for (int i = 0; i < n; ++i) join_queue(*s, id(i));
  LiveStatusReader reader(s);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, reads{0};
  auto poll = [&] {
    std::vector<std::int64_t> last(n, n + 1);
    while (!done) {
      for (int i = n / 2; i < n; ++i) {  // the back half stays queued throughout
        auto r = reader.read(id(i));
        reads++;
        if (!r || r->status != UserStatus::pending || r->queue_position > last[i] || r->queue_position < 1)
          failures++;
        else
          last[i] = r->queue_position;
      }
    }
  };
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) readers.emplace_back(poll);
  // Promote the head, one candidate at a time, each once the readers have
  // polled since the last promotion (so reads and commits interleave even on
  // a busy machine); bounded, so a stuck reader fails the checks, not the run.
  for (int i = 0; i < n / 2; ++i) {
    const int seen = reads;
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (reads <= seen && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    leave_queue(*s, id(i), UserStatus::in_session);
  }
  done = true;
  for (auto& t : readers) t.join();
  CHECK(failures == 0);
  CHECK(reads > 0);
  for (int i = n / 2; i < n; ++i) check_status(reader, id(i), UserStatus::pending, i - n / 2 + 1);
}
