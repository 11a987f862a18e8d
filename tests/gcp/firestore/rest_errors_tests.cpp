// Firestore REST failures → retries and Error values, against a scripted
// local server standing in for firestore.googleapis.com.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "gcp/auth/token_source.hpp"
#include "gcp/firestore/firestore_store.hpp"
#include "tests/support/scripted_server.hpp"

using namespace interview;
using namespace interview::store;
using namespace interview::testing;  // ScriptedServer, Reply, rpc_error
using nlohmann::json;

namespace {

const std::string kRoot = "projects/p/databases/(default)/documents";

gcp::FirestoreConfig config_for(const ScriptedServer& server) {
  gcp::FirestoreConfig c;
  c.project = "p";
  c.base_url = server.base_url();
  c.backoff_base = std::chrono::milliseconds(1);
  c.backoff_cap = std::chrono::milliseconds(5);
  c.request_timeout = std::chrono::milliseconds(3000);
  return c;
}

// Hands out "secret-token-1", then "secret-token-2" after an invalidate().
class CountingTokens final : public gcp::TokenSource {
 public:
  Result<std::string> token() override { return "secret-token-" + std::to_string(generation_.load()); }
  void invalidate() override { generation_++; }
  std::string describe() const override { return "test tokens"; }

 private:
  std::atomic<int> generation_{1};
};

std::string verb_of(const std::string& path) { return path.substr(path.rfind(':') + 1); }

Reply missing(const std::string& id) {
  return Reply{200, json::array({{{"missing", kRoot + "/users/" + id}, {"readTime", "2026-01-01T00:00:00Z"}}}).dump()};
}

Reply found(const std::string& id, json fields) {
  return Reply{200, json::array({{{"found", {{"name", kRoot + "/users/" + id}, {"fields", fields},
                                             {"updateTime", "2026-01-01T00:00:01.5Z"}}},
                                  {"readTime", "2026-01-01T00:00:02Z"}}})
                        .dump()};
}

Reply transaction_id(const std::string& id) { return Reply{200, json{{"transaction", id}}.dump()}; }
Reply committed() { return Reply{200, R"({"writeResults":[{}],"commitTime":"2026-01-01T00:00:03Z"})"}; }

}  // namespace

TEST_CASE("firestore rest: requests go to documents:VERB with the bearer token and JSON body") {
  ScriptedServer server;
  server.then(found("u1", {{"n", {{"integerValue", "7"}}}}));
  auto store = gcp::make_firestore_store(config_for(server), std::make_shared<CountingTokens>());
  auto r = store->get("users", "u1");
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((*r)->id == "u1");
  CHECK((*r)->fields == json{{"n", 7}});
  CHECK(format_rfc3339((*r)->update_time) == "2026-01-01T00:00:01.500000Z");
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == "/v1/" + kRoot + ":batchGet");
  CHECK(reqs[0].header("Authorization") == "Bearer secret-token-1");
  CHECK(json::parse(reqs[0].body) == json{{"documents", {kRoot + "/users/u1"}}});
}

TEST_CASE("firestore rest: a field read sends a mask, an id query a projection on __name__") {
  ScriptedServer server;
  server.then(found("u1", {{"status", {{"stringValue", "pending"}}}}));
  server.then(Reply{200, json::array({{{"document", {{"name", kRoot + "/queue/a"}, {"updateTime", "2026-01-01T00:00:01Z"}}}},
                                      {{"document", {{"name", kRoot + "/queue/b"}, {"updateTime", "2026-01-01T00:00:01Z"}}}}})
                             .dump()});
  auto store = gcp::make_firestore_store(config_for(server), std::make_shared<CountingTokens>());
  auto r = store->get_fields("users", "u1", {"status"});
  REQUIRE(r.ok());
  REQUIRE(r->has_value());
  CHECK((*r)->fields == json{{"status", "pending"}});
  auto ids = store->query_ids(Query("queue").order("created_at"));
  REQUIRE(ids.ok());
  CHECK(*ids == std::vector<std::string>{"a", "b"});
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(json::parse(reqs[0].body)["mask"] == json{{"fieldPaths", {"status"}}});
  CHECK(verb_of(reqs[1].path) == "runQuery");
  CHECK(json::parse(reqs[1].body)["structuredQuery"]["select"] == json{{"fields", {{{"fieldPath", "__name__"}}}}});
}

TEST_CASE("firestore rest: UNAVAILABLE is retried and the call then succeeds") {
  ScriptedServer server;
  server.then(rpc_error(503, "UNAVAILABLE", "try later"));
  server.then(rpc_error(504, "DEADLINE_EXCEEDED", "slow"));
  server.then(missing("u1"));
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  auto r = store->get("users", "u1");
  REQUIRE(r.ok());
  CHECK_FALSE(r->has_value());
  CHECK(server.requests().size() == 3);
  CHECK(store->counters().retries == 2);
  CHECK(store->counters().errors == 0);
}

TEST_CASE("firestore rest: retryable failures give up after the budget as unavailable") {
  ScriptedServer server;
  server.otherwise(rpc_error(503, "UNAVAILABLE", "down"));
  auto config = config_for(server);
  config.max_call_attempts = 3;
  auto store = gcp::make_firestore_store(config, nullptr);
  auto r = store->query(Query("users"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(r.error().message.find("UNAVAILABLE") != std::string::npos);
  CHECK(r.error().message.find("3 attempts") != std::string::npos);
  CHECK(server.requests().size() == 3);
  CHECK(store->counters().errors == 1);
}

TEST_CASE("firestore rest: other failures are final, unavailable, and name the status") {
  ScriptedServer server;
  server.then(rpc_error(400, "INVALID_ARGUMENT", "bad field path"));
  auto store = gcp::make_firestore_store(config_for(server), std::make_shared<CountingTokens>());
  auto r = store->count(Query("users"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(r.error().message.find("INVALID_ARGUMENT") != std::string::npos);
  CHECK(r.error().message.find("bad field path") != std::string::npos);
  CHECK(r.error().message.find("secret-token") == std::string::npos);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("firestore rest: a failed write precondition is a conflict and is not retried") {
  ScriptedServer server;
  server.then(rpc_error(409, "ALREADY_EXISTS", "entity already exists"));
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  auto st = store->commit({{Write::Kind::set, "users", "a", {{"v", 1}}, false}});
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::conflict);
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(verb_of(reqs[0].path) == "commit");
  CHECK(json::parse(reqs[0].body)["writes"][0]["currentDocument"] == json{{"exists", false}});
}

TEST_CASE("firestore rest: a 429 with Retry-After is honoured before the retry") {
  ScriptedServer server;
  Reply busy = rpc_error(429, "RESOURCE_EXHAUSTED", "quota");
  busy.headers = {{"Retry-After", "1"}};
  server.then(busy);
  server.then(missing("u1"));
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  auto start = std::chrono::steady_clock::now();
  auto r = store->get("users", "u1");
  REQUIRE(r.ok());
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(950));
}

TEST_CASE("firestore rest: a 401 drops the token and retries once with a new one") {
  ScriptedServer server;
  server.then(rpc_error(401, "UNAUTHENTICATED", "token expired"));
  server.then(missing("u1"));
  auto store = gcp::make_firestore_store(config_for(server), std::make_shared<CountingTokens>());
  REQUIRE(store->get("users", "u1").ok());
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].header("Authorization") == "Bearer secret-token-1");
  CHECK(reqs[1].header("Authorization") == "Bearer secret-token-2");
}

TEST_CASE("firestore rest: ABORTED at commit reruns the body in a retryTransaction") {
  ScriptedServer server;
  server.then(transaction_id("tx-1"));
  server.then(found("u1", {{"n", {{"integerValue", "1"}}}}));
  server.then(rpc_error(409, "ABORTED", "contention"));
  server.then(transaction_id("tx-2"));
  server.then(found("u1", {{"n", {{"integerValue", "2"}}}}));
  server.then(committed());
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  int runs = 0;
  auto st = store->run_transaction([&](Transaction& tx) {
    ++runs;
    auto d = tx.get("users", "u1");
    REQUIRE(d.has_value());
    tx.merge("users", "u1", {{"n", d->fields["n"].get<int>() + 1}});
  });
  REQUIRE(st.ok());
  CHECK(runs == 2);
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 6);
  std::vector<std::string> verbs;
  for (const auto& r : reqs) verbs.push_back(verb_of(r.path));
  CHECK(verbs == std::vector<std::string>{"beginTransaction", "batchGet", "commit", "beginTransaction",
                                          "batchGet", "commit"});
  CHECK(json::parse(reqs[0].body) == json{{"options", {{"readWrite", json::object()}}}});
  CHECK(json::parse(reqs[1].body)["transaction"] == "tx-1");
  CHECK(json::parse(reqs[3].body)["options"]["readWrite"]["retryTransaction"] == "tx-1");
  json commit = json::parse(reqs[5].body);
  CHECK(commit["transaction"] == "tx-2");
  CHECK(commit["writes"][0]["update"]["fields"] == json{{"n", {{"integerValue", "3"}}}});
  CHECK(commit["writes"][0]["updateMask"]["fieldPaths"] == json{"n"});
  CHECK(store->counters().retries == 1);
  CHECK(store->counters().transactions == 1);
}

TEST_CASE("firestore rest: contention beyond max_attempts gives up as unavailable") {
  ScriptedServer server;
  for (int i = 0; i < 3; ++i) {
    server.then(transaction_id("tx"));
    server.then(rpc_error(409, "ABORTED", "lock timeout"));  // the read itself aborts
  }
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  int runs = 0;
  auto st = store->run_transaction([&](Transaction& tx) {
    ++runs;
    tx.get("users", "u1");
  }, TransactionOptions{3});
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(st.error().message.find("ABORTED") != std::string::npos);
  CHECK(runs == 3);
}

TEST_CASE("firestore rest: a body that throws rolls the transaction back and commits nothing") {
  ScriptedServer server;
  server.then(transaction_id("tx-9"));
  server.then(missing("u1"));
  server.then(Reply{200, "{}"});  // rollback
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  auto st = store->run_transaction([](Transaction& tx) {
    tx.get("users", "u1");
    tx.set("users", "u1", {{"v", 1}});
    throw std::runtime_error("decision failed");
  });
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::internal);
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(verb_of(reqs[2].path) == "rollback");
  CHECK(json::parse(reqs[2].body) == json{{"transaction", "tx-9"}});
}

TEST_CASE("firestore rest: a write-only body commits once without a transaction round trip") {
  ScriptedServer server;
  server.then(committed());
  auto store = gcp::make_firestore_store(config_for(server), nullptr);
  auto st = store->run_transaction([](Transaction& tx) {
    tx.set("queue", "u1", {{"created_at", server_timestamp()}});
    tx.remove("users", "gone");
  });
  REQUIRE(st.ok());
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  json body = json::parse(reqs[0].body);
  CHECK_FALSE(body.contains("transaction"));
  CHECK(body["writes"].size() == 2);
  CHECK(body["writes"][0]["updateTransforms"][0]["setToServerValue"] == "REQUEST_TIME");
  CHECK(body["writes"][1]["delete"] == kRoot + "/users/gone");
}

TEST_CASE("firestore rest: an unreachable server is unavailable, not an exception") {
  int port;
  {
    ScriptedServer gone;  // bind, then close: a port with nobody listening
    port = std::stoi(gone.host_port().substr(gone.host_port().rfind(':') + 1));
  }
  gcp::FirestoreConfig c;
  c.project = "p";
  c.emulator_host = "127.0.0.1:" + std::to_string(port);
  c.max_call_attempts = 2;
  c.backoff_base = std::chrono::milliseconds(1);
  auto store = gcp::make_firestore_store(c, nullptr);
  auto r = store->get("users", "u1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(r.error().message.find("firestore batchGet") != std::string::npos);
  CHECK_FALSE(store->ping().ok());
}
