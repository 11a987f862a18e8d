// What only the Firestore store promises, checked against the emulator: exact
// value mapping, Timestamp storage (TTL needs it), server-time transforms,
// precondition errors, and no lost update between two "instances".
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>

#include "gcp/firestore/rest_client.hpp"
#include "gcp/firestore/resource_names.hpp"
#include "net/http_client.hpp"
#include "tests/gcp/firestore/emulator_env.hpp"

using namespace interview;
using namespace interview::store;
using nlohmann::json;

namespace {

Write set_w(std::string c, std::string id, json f) { return {Write::Kind::set, std::move(c), std::move(id), std::move(f), {}}; }

json fields_of(DocumentStore& s, const std::string& c, const std::string& id) {
  auto r = s.get(c, id);
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  return (*r)->fields;
}

// The document as Firestore itself stores it (REST Document JSON).
json raw_document(const std::string& project, const std::string& collection, const std::string& id) {
  auto config = testing::emulator_config(project);
  net::HttpRequest req;
  req.url = config.api_root() + "/v1/" + gcp::database_name(project, config.database) + "/documents/" +
            collection + "/" + id;
  req.headers = {{"Authorization", "Bearer owner"}};
  auto r = net::perform(req);
  REQUIRE(r.ok());
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

}  // namespace

TEST_CASE("firestore: edge values survive a round trip through Firestore") {
  auto s = testing::emulator_store(testing::fresh_project_id());
  json doc = {{"max", std::numeric_limits<std::int64_t>::max()},
              {"min", std::numeric_limits<std::int64_t>::min()},
              {"whole", 3.0}, {"tiny", 1e-300}, {"inf", std::numeric_limits<double>::infinity()},
              {"empty_arr", json::array()}, {"empty_map", json::object()},
              {"nested", {{"list", {json::object(), {{"k", {1, 2}}}, nullptr}}}},
              {"odd key-name", "x"}, {"ключ", "значение"}, {"long", std::string(5000, 'a')}};
  REQUIRE(s->commit({set_w("users", "u", doc)}).ok());
  json got = fields_of(*s, "users", "u");
  CHECK(got == doc);
  CHECK(got["whole"].is_number_float());
  CHECK(got["max"].is_number_integer());

  REQUIRE(s->commit({set_w("users", "nan", {{"v", std::nan("")}})}).ok());
  CHECK(std::isnan(fields_of(*s, "users", "nan")["v"].get<double>()));
}

TEST_CASE("firestore: timestamps are stored as Firestore Timestamps (TTL acts on them)") {
  auto project = testing::fresh_project_id();
  auto s = testing::emulator_store(project);
  auto expiry = TimePoint(std::chrono::seconds(1'900'000'000) + std::chrono::microseconds(123456));
  REQUIRE(s->commit({set_w("in_session", "u", {{"expiry_time", timestamp_value(expiry)},
                                               {"created_at", server_timestamp()}})}).ok());
  json raw = raw_document(project, "in_session", "u");
  CHECK(raw["fields"]["expiry_time"] == json{{"timestampValue", "2030-03-17T17:46:40.123456Z"}});
  CHECK(raw["fields"]["created_at"].contains("timestampValue"));
  CHECK(as_timestamp(fields_of(*s, "in_session", "u")["expiry_time"]) == expiry);
}

TEST_CASE("firestore: a merge with a server timestamp keeps the other fields") {
  auto s = testing::emulator_store(testing::fresh_project_id());
  REQUIRE(s->commit({set_w("users", "u", {{"status", "idle"}, {"keep", 1}, {"updated_at", "old"}})}).ok());
  auto before = now_micros() - std::chrono::seconds(5);
  REQUIRE(s->commit({{Write::Kind::merge, "users", "u",
                      {{"status", "pending"}, {"updated_at", server_timestamp()},
                       {"meta", {{"at", server_timestamp()}, {"by", "test"}}}}, {}}}).ok());
  json got = fields_of(*s, "users", "u");
  CHECK(got["status"] == "pending");
  CHECK(got["keep"] == 1);
  auto updated = as_timestamp(got["updated_at"]);
  REQUIRE(updated.has_value());
  CHECK(*updated > before);
  CHECK(got["meta"]["by"] == "test");
  CHECK(as_timestamp(got["meta"]["at"]).has_value());
}

TEST_CASE("firestore: failed preconditions are conflicts, and nothing is written") {
  auto s = testing::emulator_store(testing::fresh_project_id());
  auto missing = s->commit({{Write::Kind::merge, "users", "ghost", {{"v", 1}}, true},
                            set_w("users", "other", {{"v", 2}})});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::conflict);
  auto other = s->get("users", "other");
  REQUIRE(other.ok());
  CHECK_FALSE(other->has_value());  // the batch is atomic

  REQUIRE(s->commit({set_w("users", "a", {{"v", 1}})}).ok());
  auto st = s->run_transaction([](Transaction& tx) {
    tx.get("users", "a");
    tx.create("users", "a", {{"v", 2}});
  });
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::conflict);
  CHECK(s->counters().retries == 0);
}

TEST_CASE("firestore: null filters, quoted field names, AND filters and counts with a limit") {
  auto s = testing::emulator_store(testing::fresh_project_id());
  REQUIRE(s->commit({set_w("users", "a", {{"resume_path", nullptr}, {"status", "idle"}, {"odd-name", 1}}),
                     set_w("users", "b", {{"resume_path", "gs://x"}, {"status", "idle"}, {"odd-name", 2}}),
                     set_w("users", "c", {{"resume_path", nullptr}, {"status", "pending"}, {"odd-name", 3}})})
              .ok());
  auto nulls = s->query(Query("users").where("resume_path", Op::eq, nullptr));
  REQUIRE(nulls.ok());
  CHECK(nulls->size() == 2);
  auto idle_null = s->query(Query("users").where("resume_path", Op::eq, nullptr).where("status", Op::eq, "idle"));
  REQUIRE(idle_null.ok());
  REQUIRE(idle_null->size() == 1);
  CHECK(idle_null->front().id == "a");
  auto odd = s->query(Query("users").where("odd-name", Op::gt, 1).order("odd-name", Direction::desc));
  REQUIRE(odd.ok());
  REQUIRE(odd->size() == 2);
  CHECK(odd->front().id == "c");
  auto capped = s->count(Query("users").take(2));
  REQUIRE(capped.ok());
  CHECK(*capped == 2);
}

TEST_CASE("firestore: two store instances incrementing one counter lose no update") {
  // Two Cloud Run instances = two stores on one database.
  auto project = testing::fresh_project_id();
  auto a = testing::emulator_store(project);
  auto b = testing::emulator_store(project);
  REQUIRE(a->commit({set_w("counters", "c", {{"n", 0}})}).ok());
  constexpr int kPerStore = 2, kEach = 5;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto* s : {a.get(), b.get()}) {
    for (int t = 0; t < kPerStore; ++t) {
      threads.emplace_back([s, &failures] {
        for (int i = 0; i < kEach; ++i) {
          auto st = s->run_transaction([](Transaction& tx) {
            auto c = tx.get("counters", "c");
            tx.merge("counters", "c", {{"n", (c ? c->fields["n"].get<int>() : 0) + 1}});
          }, TransactionOptions{50});
          if (!st.ok()) failures++;
        }
      });
    }
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(fields_of(*a, "counters", "c")["n"] == 2 * kPerStore * kEach);
  // Contention really happened, and was resolved by retries.
  CHECK(a->counters().retries + b->counters().retries > 0);
}
