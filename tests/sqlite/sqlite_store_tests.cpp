// What the embedded store promises beyond the port: durability across reopen,
// safety with two processes (two connections) on one file, clean failure when
// the file is locked.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <thread>

#include "core/lifecycle/collections.hpp"
#include "actors/live_status.hpp"
#include "sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview;
using namespace interview::store;

namespace {
std::unique_ptr<DocumentStore> open_at(const std::string& path, int busy_ms = 5000) {
  SqliteOptions o;
  o.path = path;
  o.busy_timeout_ms = busy_ms;
  o.indexed_fields = {"created_at", "status"};
  auto s = open_sqlite_store(o);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
  return std::move(s.value());
}
}  // namespace

TEST_CASE("sqlite: data survives closing and reopening the file") {
  testing::TempDir dir("sqlite-durable");
  std::string path = dir.path() + "/x.db";
  {
    auto s = open_at(path);
    REQUIRE(s->commit({{Write::Kind::set, "users", "u", {{"name", "Ada"}}, {}}}).ok());
  }
  auto s = open_at(path);
  auto r = s->get("users", "u");
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((*r)->fields["name"] == "Ada");
}

TEST_CASE("sqlite: two stores on one file (as two processes) lose no update") {
  testing::TempDir dir("sqlite-two");
  std::string path = dir.path() + "/x.db";
  auto a = open_at(path);
  auto b = open_at(path);
  REQUIRE(a->commit({{Write::Kind::set, "c", "n", {{"n", 0}}, {}}}).ok());
  auto bump = [](DocumentStore& s) {
    for (int i = 0; i < 40; ++i) {
      auto st = s.run_transaction([](Transaction& tx) {
        auto d = tx.get("c", "n");
        tx.merge("c", "n", {{"n", d->fields["n"].get<int>() + 1}});
      }, TransactionOptions{100});
      REQUIRE(st.ok());
    }
  };
  std::thread ta([&] { bump(*a); });
  std::thread tb([&] { bump(*b); });
  ta.join();
  tb.join();
  auto r = a->get("c", "n");
  REQUIRE(r.ok());
  CHECK((*r)->fields["n"] == 80);
}

TEST_CASE("sqlite: a writer blocked by another process's lock fails cleanly and writes nothing") {
  testing::TempDir dir("sqlite-locked");
  std::string path = dir.path() + "/x.db";
  auto s = open_at(path, 50);
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto st = s->run_transaction([](Transaction& tx) { tx.set("users", "u", {{"v", 1}}); },
                               TransactionOptions{2});
  CHECK_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  auto r = s->get("users", "u");
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
}

TEST_CASE("sqlite: an unusable path is an error value, not a crash") {
  SqliteOptions o;
  o.path = "/nonexistent-dir/deeper/x.db";
  auto s = open_sqlite_store(o);
  CHECK_FALSE(s.ok());
}

TEST_CASE("sqlite: a commit by another process on the file moves the change token and the live status") {
  testing::TempDir dir("sqlite-token");
  std::string path = dir.path() + "/x.db";
  std::shared_ptr<DocumentStore> mine = open_at(path);
  auto other = open_at(path);  // as a second server process
  auto join = [&](DocumentStore& s, const std::string& id) {
    REQUIRE(s.commit({{Write::Kind::set, lifecycle::kUsers, id, {{"status", "pending"}}, {}},
                      {Write::Kind::set, lifecycle::kQueue, id, lifecycle::queue_document(id), {}}})
                .ok());
  };
  join(*mine, "a");
  join(*mine, "b");
  actors::LiveStatusReader reader(mine);
  REQUIRE(reader.read("b").ok());
  CHECK(reader.read("b")->queue_position == 2);  // served from the snapshot
  CHECK(reader.counters().snapshot_answers >= 1);
  auto before = mine->change_token();
  REQUIRE(before.ok());

  REQUIRE(other->commit({{Write::Kind::remove, lifecycle::kQueue, "a", Fields::object(), {}},
                         {Write::Kind::merge, lifecycle::kUsers, "a", {{"status", "in_session"}}, {}}})
              .ok());
  CHECK(*mine->change_token() != *before);
  CHECK(reader.read("b")->queue_position == 1);
  CHECK(reader.read("a")->status == lifecycle::UserStatus::in_session);
  join(*other, "c");
  CHECK(reader.read("c")->queue_position == 2);
}

TEST_CASE("sqlite: ping fails while the disk has less free space than min_free_bytes, and names it") {
  testing::TempDir dir("sqlite-free-space");
  SqliteOptions o;
  o.path = dir.path() + "/s.db";
  o.min_free_bytes = std::uint64_t(1) << 62;  // more than any disk has: "full"
  auto full = open_sqlite_store(o);
  REQUIRE(full.ok());
  auto st = (*full)->ping();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(st.error().message.find("cannot write: the disk is full") != std::string::npos);
  o.min_free_bytes = 0;  // no check
  auto unchecked = open_sqlite_store(o);
  REQUIRE(unchecked.ok());
  CHECK((*unchecked)->ping().ok());
  o.min_free_bytes = 1024 * 1024;  // the default: this disk has a MiB
  auto normal = open_sqlite_store(o);
  REQUIRE(normal.ok());
  CHECK((*normal)->ping().ok());
}
