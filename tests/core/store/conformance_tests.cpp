// The DocumentStore contract. Linked into one executable per implementation;
// each provides make_test_store() returning a fresh, empty store.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "core/store/document_store.hpp"

using namespace interview;
using namespace interview::store;
using nlohmann::json;

std::unique_ptr<DocumentStore> make_test_store();

namespace {

json must_get(DocumentStore& s, const std::string& c, const std::string& id) {
  auto r = s.get(c, id);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  return (*r)->fields;
}

void must_commit(DocumentStore& s, std::vector<Write> writes) {
  auto st = s.commit(writes);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
}

Write set_w(std::string c, std::string id, json f) { return {Write::Kind::set, std::move(c), std::move(id), std::move(f), {}}; }

std::vector<std::string> ids(const std::vector<Document>& docs) {
  std::vector<std::string> out;
  for (const auto& d : docs) out.push_back(d.id);
  return out;
}

TimePoint at(int seconds) { return TimePoint(std::chrono::seconds(1'800'000'000 + seconds)); }

}  // namespace

TEST_CASE("store: a missing document reads as absent, not as an error") {
  auto s = make_test_store();
  auto r = s->get("users", "nobody");
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
}

TEST_CASE("store: set stores every JSON type and get returns it unchanged") {
  auto s = make_test_store();
  json doc = {{"s", "Łódź 日本語 \"quoted\""}, {"i", 42}, {"neg", -7}, {"d", 2.5}, {"b", true},
              {"n", nullptr}, {"arr", {1, "two", json{{"k", "v"}}}},
              {"map", {{"inner", {{"deep", "x"}}}}}, {"ts", timestamp_value(at(5))}};
  must_commit(*s, {set_w("users", "u1", doc)});
  json got = must_get(*s, "users", "u1");
  CHECK(got == doc);
  CHECK(as_timestamp(got["ts"]) == at(5));
}

TEST_CASE("store: set replaces a document, merge replaces only the given fields") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "u1", {{"a", 1}, {"b", 2}})});
  must_commit(*s, {{Write::Kind::merge, "users", "u1", {{"b", 3}, {"c", 4}}, {}}});
  CHECK(must_get(*s, "users", "u1") == json{{"a", 1}, {"b", 3}, {"c", 4}});
  must_commit(*s, {set_w("users", "u1", {{"z", 0}})});
  CHECK(must_get(*s, "users", "u1") == json{{"z", 0}});
}

TEST_CASE("store: merge on a missing document creates it") {
  auto s = make_test_store();
  must_commit(*s, {{Write::Kind::merge, "users", "new", {{"a", 1}}, {}}});
  CHECK(must_get(*s, "users", "new") == json{{"a", 1}});
}

TEST_CASE("store: remove deletes the document; removing a missing one is not an error") {
  auto s = make_test_store();
  must_commit(*s, {set_w("queue", "q1", {{"a", 1}})});
  must_commit(*s, {{Write::Kind::remove, "queue", "q1", json::object(), {}}});
  auto r = s->get("queue", "q1");
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
  must_commit(*s, {{Write::Kind::remove, "queue", "q1", json::object(), {}}});
}

TEST_CASE("store: collections are separate namespaces") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "x", {{"k", "users"}}), set_w("queue", "x", {{"k", "queue"}})});
  CHECK(must_get(*s, "users", "x")["k"] == "users");
  CHECK(must_get(*s, "queue", "x")["k"] == "queue");
  auto all = s->query(Query("queue"));
  REQUIRE(all.ok());
  CHECK(all->size() == 1);
}

TEST_CASE("store: update_time is set by the store and advances on each write") {
  auto s = make_test_store();
  auto before = now_micros() - std::chrono::seconds(5);
  must_commit(*s, {set_w("users", "u", {{"v", 1}})});
  auto first = s->get("users", "u");
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->update_time > before);
  must_commit(*s, {set_w("users", "u", {{"v", 2}})});
  auto second = s->get("users", "u");
  REQUIRE(second.ok());
  CHECK((*second)->update_time > (*first)->update_time);
}

TEST_CASE("store: queries filter, order and limit") {
  auto s = make_test_store();
  must_commit(*s, {set_w("items", "a", {{"n", 3}, {"status", "pending"}}),
                   set_w("items", "b", {{"n", 1}, {"status", "pending"}}),
                   set_w("items", "c", {{"n", 2}, {"status", "done"}}),
                   set_w("items", "d", {{"status", "pending"}})});  // lacks n
  auto pending = s->query(Query("items").where("status", Op::eq, "pending"));
  REQUIRE(pending.ok());
  CHECK(pending->size() == 3);

  auto by_n = s->query(Query("items").order("n"));
  REQUIRE(by_n.ok());
  CHECK(ids(*by_n) == std::vector<std::string>{"b", "c", "a"});  // d lacks n: excluded

  auto desc = s->query(Query("items").order("n", Direction::desc).take(2));
  REQUIRE(desc.ok());
  CHECK(ids(*desc) == std::vector<std::string>{"a", "c"});

  auto ge2 = s->query(Query("items").where("n", Op::ge, 2).order("n"));
  REQUIRE(ge2.ok());
  CHECK(ids(*ge2) == std::vector<std::string>{"c", "a"});

  auto lt3 = s->query(Query("items").where("n", Op::lt, 3).order("n"));
  REQUIRE(lt3.ok());
  CHECK(ids(*lt3) == std::vector<std::string>{"b", "c"});
}

TEST_CASE("store: count matches the query without reading the documents") {
  auto s = make_test_store();
  std::vector<Write> w;
  for (int i = 0; i < 30; ++i) w.push_back(set_w("queue", "u" + std::to_string(i), {{"n", i}}));
  must_commit(*s, w);
  auto all = s->count(Query("queue"));
  REQUIRE(all.ok());
  CHECK(*all == 30);
  auto below = s->count(Query("queue").where("n", Op::lt, 10));
  REQUIRE(below.ok());
  CHECK(*below == 10);
  auto none = s->count(Query("empty"));
  REQUIRE(none.ok());
  CHECK(*none == 0);
}

TEST_CASE("store: timestamps order and filter by time") {
  auto s = make_test_store();
  must_commit(*s, {set_w("in_session", "late", {{"expiry_time", timestamp_value(at(300))}}),
                   set_w("in_session", "early", {{"expiry_time", timestamp_value(at(10))}}),
                   set_w("in_session", "mid", {{"expiry_time", timestamp_value(at(100))}})});
  auto expired = s->query(Query("in_session").where("expiry_time", Op::le, timestamp_value(at(100))).order("expiry_time"));
  REQUIRE(expired.ok());
  CHECK(ids(*expired) == std::vector<std::string>{"early", "mid"});
  auto ordered = s->query(Query("in_session").order("expiry_time", Direction::desc));
  REQUIRE(ordered.ok());
  CHECK(ids(*ordered) == std::vector<std::string>{"late", "mid", "early"});
}

TEST_CASE("store: a store that promises unique commit times never gives two commits one timestamp") {
  auto s = make_test_store();
  if (!s->unique_commit_times()) return;
  for (int i = 0; i < 50; ++i)
    must_commit(*s, {set_w("queue", "q" + std::to_string(i), {{"created_at", server_timestamp()}})});
  auto all = s->query(Query("queue").order("created_at"));
  REQUIRE(all.ok());
  REQUIRE(all->size() == 50);
  for (size_t i = 1; i < all->size(); ++i)
    CHECK(as_timestamp((*all)[i - 1].fields["created_at"]) < as_timestamp((*all)[i].fields["created_at"]));
}

TEST_CASE("store: a server timestamp becomes the commit time and later commits sort after") {
  auto s = make_test_store();
  auto before = now_micros() - std::chrono::seconds(5);
  for (int i = 0; i < 5; ++i)
    must_commit(*s, {set_w("queue", "u" + std::to_string(i), {{"user_id", "u" + std::to_string(i)}, {"created_at", server_timestamp()}})});
  auto first = as_timestamp(must_get(*s, "queue", "u0")["created_at"]);
  REQUIRE(first.has_value());
  CHECK(*first > before);
  auto ordered = s->query(Query("queue").order("created_at"));
  REQUIRE(ordered.ok());
  CHECK(ids(*ordered) == std::vector<std::string>{"u0", "u1", "u2", "u3", "u4"});
  auto before_u3 = s->count(Query("queue").where("created_at", Op::lt, must_get(*s, "queue", "u3")["created_at"]));
  REQUIRE(before_u3.ok());
  CHECK(*before_u3 == 3);
}

TEST_CASE("store: a transaction's reads see committed data and its writes land together") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "a", {{"status", "idle"}})});
  auto st = s->run_transaction([](Transaction& tx) {
    auto a = tx.get("users", "a");
    REQUIRE(a.has_value());
    CHECK(a->fields["status"] == "idle");
    CHECK(tx.count(Query("in_session")) == 0);
    CHECK(tx.query(Query("users")).size() == 1);
    tx.merge("users", "a", {{"status", "in_session"}});
    tx.set("in_session", "a", {{"user_id", "a"}});
  });
  REQUIRE(st.ok());
  CHECK(must_get(*s, "users", "a")["status"] == "in_session");
  CHECK(must_get(*s, "in_session", "a")["user_id"] == "a");
}

TEST_CASE("store: staged writes are invisible to others until the transaction commits") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "a", {{"v", 1}})});
  auto st = s->run_transaction([&](Transaction& tx) {
    tx.get("users", "a");
    tx.merge("users", "a", {{"v", 2}});
    auto outside = s->get("users", "a");
    REQUIRE(outside.ok());
    CHECK((*outside)->fields["v"] == 1);
  });
  REQUIRE(st.ok());
  CHECK(must_get(*s, "users", "a")["v"] == 2);
}

TEST_CASE("store: a transaction whose body fails writes nothing") {
  auto s = make_test_store();
  auto st = s->run_transaction([](Transaction& tx) {
    tx.get("users", "a");
    tx.set("users", "a", {{"v", 1}});
    throw std::runtime_error("decision failed");
  });
  CHECK_FALSE(st.ok());
  auto r = s->get("users", "a");
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
}

TEST_CASE("store: create fails when the document already exists") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "a", {{"v", 1}})});
  auto st = s->commit({{Write::Kind::set, "users", "a", {{"v", 2}}, false}});
  CHECK_FALSE(st.ok());
  CHECK(must_get(*s, "users", "a")["v"] == 1);
  auto fresh = s->commit({{Write::Kind::set, "users", "b", {{"v", 3}}, false}});
  CHECK(fresh.ok());
}

TEST_CASE("store: concurrent read-modify-write transactions lose no update") {
  auto s = make_test_store();
  must_commit(*s, {set_w("counters", "c", {{"n", 0}})});
  constexpr int kThreads = 6, kEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto st = s->run_transaction([](Transaction& tx) {
          auto c = tx.get("counters", "c");
          int n = c ? c->fields["n"].get<int>() : 0;
          tx.merge("counters", "c", {{"n", n + 1}});
        }, TransactionOptions{50});
        if (!st.ok()) failures++;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(must_get(*s, "counters", "c")["n"] == kThreads * kEach);
}

TEST_CASE("store: ping answers and counters count calls") {
  auto s = make_test_store();
  CHECK(s->ping().ok());
  auto before = s->counters();
  (void)s->get("users", "a");
  (void)s->count(Query("users"));
  auto after = s->counters();
  CHECK(after.gets == before.gets + 1);
  CHECK(after.counts == before.counts + 1);
  CHECK_FALSE(s->name().empty());
}

TEST_CASE("store: get_fields returns only the named fields, and absent documents as absent") {
  auto s = make_test_store();
  must_commit(*s, {set_w("users", "u", {{"status", "pending"}, {"resume_text", std::string(5000, 'r')},
                                        {"n", 3}, {"ts", timestamp_value(at(1))}})});
  auto r = s->get_fields("users", "u", {"status", "ts", "missing"});
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((*r)->fields == json{{"status", "pending"}, {"ts", timestamp_value(at(1))}});
  auto none = s->get_fields("users", "nobody", {"status"});
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
}

TEST_CASE("store: query_ids returns the ids of query's matches, in query's order") {
  auto s = make_test_store();
  must_commit(*s, {set_w("items", "a", {{"n", 3}, {"status", "pending"}}),
                   set_w("items", "b", {{"n", 1}, {"status", "pending"}}),
                   set_w("items", "c", {{"n", 2}, {"status", "done"}}),
                   set_w("items", "d", {{"status", "pending"}})});
  for (int i = 0; i < 4; ++i)
    must_commit(*s, {set_w("queue", "q" + std::to_string(i), {{"created_at", server_timestamp()}})});
  for (const auto& q : {Query("items").where("status", Op::eq, "pending"), Query("items").order("n"),
                        Query("items").order("n", Direction::desc).take(2), Query("items").where("n", Op::ge, 2).order("n"),
                        Query("queue").order("created_at"), Query("queue").order("created_at", Direction::desc).take(3)}) {
    auto docs = s->query(q);
    auto only_ids = s->query_ids(q);
    REQUIRE(docs.ok());
    REQUIRE(only_ids.ok());
    CHECK(*only_ids == ids(*docs));
  }
  auto queue = s->query_ids(Query("queue").order("created_at"));
  REQUIRE(queue.ok());
  CHECK(*queue == std::vector<std::string>{"q0", "q1", "q2", "q3"});
}

TEST_CASE("store: a change token, where the store has one, moves on every commit and only then") {
  auto s = make_test_store();
  if (!s->has_change_token()) {
    CHECK_FALSE(s->change_token().ok());
    return;
  }
  auto t0 = s->change_token();
  REQUIRE(t0.ok());
  auto again = s->change_token();
  REQUIRE(again.ok());
  CHECK(*again == *t0);  // reads alone do not move it
  (void)s->get("users", "a");
  CHECK(*s->change_token() == *t0);
  must_commit(*s, {set_w("users", "a", {{"status", "idle"}})});
  auto t1 = s->change_token();
  REQUIRE(t1.ok());
  CHECK(*t1 != *t0);
  REQUIRE(s->run_transaction([](Transaction& tx) { tx.merge("users", "a", {{"status", "pending"}}); }).ok());
  CHECK(*s->change_token() != *t1);
}
