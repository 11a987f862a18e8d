// Operators steer admissions (issue 12, items 6 and 7) through the real
// binary, on the embedded store and (http.firestore.admission_http) on the
// Firestore emulator: pause and resume, the live slot count raised and lowered
// with interviews running, ending a session, removing a candidate from the
// queue, the audit log, refusals that change nothing, and the per-address
// limit on creations.
#include <doctest/doctest.h>

#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;

namespace {

const std::string kToken = "operator-token-12";

httplib::Headers auth(const std::string& token = kToken) { return {{"Authorization", "Bearer " + token}}; }

Reply admin_post(httplib::Client& c, const std::string& path, const std::string& token = kToken) {
  return to_reply(c.Post(path.c_str(), auth(token), "", "application/json"));
}
Reply admin_put(httplib::Client& c, const std::string& path, const std::string& body, const std::string& token = kToken) {
  return to_reply(c.Put(path.c_str(), auth(token), body, "application/json"));
}
Reply admin_delete(httplib::Client& c, const std::string& path, const std::string& token = kToken) {
  return to_reply(c.Delete(path.c_str(), auth(token)));
}
Reply admin_get(httplib::Client& c, const std::string& path, const std::string& token = kToken) {
  return to_reply(c.Get(path.c_str(), auth(token)));
}
Reply set_slots(httplib::Client& c, int n) { return admin_put(c, "/admin/api/slots", nlohmann::json{{"limit", n}}.dump()); }

std::map<std::string, std::string> admin_env(const StoreUnderTest& store, std::map<std::string, std::string> extra = {}) {
  extra.emplace("ADMIN_TOKEN", kToken);
  extra.emplace("LLM_PROVIDER", "offline");
  extra.emplace("LOG_LEVEL", "warn");
  return store.env(extra);
}


// Waiting at `position` (other fields, such as the estimate, are not this suite's concern).
void check_waiting(httplib::Client& c, const std::string& id, int position) {
  auto s = status_body(c, id);
  CHECK_MESSAGE(s["status"] == "waiting", s.dump());
  CHECK_MESSAGE(s["queue_number"] == position, s.dump());
}

std::vector<std::string> promoted_of(const Reply& r) {
  std::vector<std::string> out;
  for (const auto& p : r.body.value("promoted", nlohmann::json::array())) out.push_back(p.get<std::string>());
  return out;
}

nlohmann::json audit_entries(httplib::Client& c) {
  auto r = admin_get(c, "/admin/api/audit");
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  return r.body["entries"];
}

}  // namespace

TEST_CASE("admin: every control answers 401 without the token, as /stats does, and changes nothing") {
  StoreUnderTest store("it-admin-auth");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::string a = placed_user(c);
  auto stats = to_reply(c.Get("/stats", auth("wrong")));
  REQUIRE(stats.status == 401);
  std::string id(32, 'a');
  for (const std::string& token : {std::string(), std::string("wrong")}) {
    std::vector<Reply> replies = {admin_post(c, "/admin/api/pause", token),
                                  admin_post(c, "/admin/api/resume", token),
                                  admin_put(c, "/admin/api/slots", R"({"limit": 5})", token),
                                  admin_post(c, "/admin/api/sessions/" + a + "/end", token),
                                  admin_delete(c, "/admin/api/queue/" + id, token),
                                  admin_get(c, "/admin/api/audit", token),
                                  admin_get(c, "/admin/api/admission", token)};
    for (const auto& r : replies) {
      CHECK(r.status == 401);
      CHECK(r.body["detail"] == stats.body["detail"]);
      CHECK(r.body["message"] == stats.body["message"]);
    }
  }
  CHECK(status_body(c, a)["status"] == "in_session");
  auto now = admin_get(c, "/admin/api/admission");
  CHECK(now.body["paused"] == false);
  CHECK(now.body["session_limit"] == 1);
  CHECK(audit_entries(c).empty());
}

TEST_CASE("admin: while paused candidates still join but nobody is promoted; resuming promotes the next in line") {
  StoreUnderTest store("it-admin-pause");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "2"}}));
  auto c = server.client();
  std::string a = placed_user(c);
  REQUIRE(status_body(c, a)["status"] == "in_session");

  auto paused = admin_post(c, "/admin/api/pause");
  REQUIRE_MESSAGE(paused.status == 200, paused.raw);
  CHECK(paused.body["paused"] == true);
  CHECK(paused.body["promoted"].empty());
  // A slot is free, yet joiners wait.
  std::string w1 = placed_user(c), w2 = placed_user(c), w3 = placed_user(c);
  check_waiting(c, w1, 1);
  CHECK(status_body(c, w3)["queue_number"] == 3);
  // A session ending while paused frees its slot for nobody.
  auto left = post_empty(c, "/users/" + a + "/exit");
  CHECK(left.body["promoted"].is_null());
  CHECK(status_body(c, w1)["status"] == "waiting");
  CHECK(admin_get(c, "/admin/api/admission").body["paused"] == true);
  CHECK(admin_get(c, "/stats").body["coordinator"]["paused"] == 1);
  // No honest estimate while nobody is promoted (the estimator rereads the settings each second).
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(status_body(c, w3)["estimated_wait_seconds"].is_null());
  CHECK(admin_get(c, "/stats").body["waiting_room"]["newcomer_estimate_seconds"].is_null());

  auto resumed = admin_post(c, "/admin/api/resume");
  REQUIRE_MESSAGE(resumed.status == 200, resumed.raw);
  CHECK(resumed.body["paused"] == false);
  CHECK(promoted_of(resumed) == std::vector<std::string>{w1, w2});
  CHECK(status_body(c, w1)["status"] == "in_session");
  CHECK(status_body(c, w2)["status"] == "in_session");
  check_waiting(c, w3, 1);
  CHECK(store.count("in_session") == 2);
  CHECK(admin_get(c, "/stats").body["coordinator"]["paused"] == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(status_body(c, w3)["estimated_wait_seconds"].is_number_integer());

  auto log = audit_entries(c);
  REQUIRE(log.size() == 2);
  CHECK(log[0]["action"] == "resume");  // newest first
  CHECK(log[1]["action"] == "pause");
  CHECK(log[0]["client"] == "127.0.0.1");
  CHECK(log[0]["at"].get<std::string>() >= log[1]["at"].get<std::string>());
}

TEST_CASE("admin: the slot count raised promotes at once; lowered, it ends no running interview") {
  StoreUnderTest store("it-admin-slots");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "2"}}));
  auto c = server.client();
  std::string a = placed_user(c), b = placed_user(c);
  std::string w1 = placed_user(c), w2 = placed_user(c), w3 = placed_user(c);
  // a and b are interviewing.
  for (const auto& id : {a, b}) {
    auto started = post_json(c, "/interview/start", nlohmann::json{{"user_id", id}}.dump());
    REQUIRE_MESSAGE(started.status == 200, started.raw);
    REQUIRE(started.body["status"] == "in_session");
  }
  CHECK(status_body(c, w1)["queue_number"] == 1);

  auto up = set_slots(c, 4);
  REQUIRE_MESSAGE(up.status == 200, up.raw);
  CHECK(up.body["session_limit"] == 4);
  CHECK(up.body["configured_session_limit"] == 2);
  CHECK(promoted_of(up) == std::vector<std::string>{w1, w2});
  CHECK(status_body(c, w2)["status"] == "in_session");
  CHECK(status_body(c, w3)["queue_number"] == 1);
  auto stats = admin_get(c, "/stats").body["coordinator"];
  CHECK(stats["slots_total"] == 4);  // the slot count in force, for every instance
  CHECK(stats["slots_configured"] == 2);
  CHECK(stats["slots_in_use"] == 4);

  auto down = set_slots(c, 1);
  REQUIRE_MESSAGE(down.status == 200, down.raw);
  CHECK(down.body["session_limit"] == 1);
  CHECK(promoted_of(down).empty());
  CHECK(store.count("in_session") == 4);
  // The running interviews go on.
  for (const auto& id : {a, b}) {
    auto answered = post_json(c, "/interview/respond",
                              nlohmann::json{{"user_id", id}, {"user_response", "I built a React app on Cloud Run."}}.dump());
    REQUIRE_MESSAGE(answered.status == 200, answered.raw);
    CHECK(answered.body["status"] == "in_session");
    CHECK(answered.body["time_remaining"].get<int>() > 0);
  }
  // A session ending above the lowered count promotes nobody; nor does a joiner get a slot.
  CHECK(post_empty(c, "/users/" + a + "/exit").body["promoted"].is_null());
  std::string w4 = placed_user(c);
  CHECK(status_body(c, w4)["queue_number"] == 2);
  CHECK(status_body(c, w3)["status"] == "waiting");
  CHECK(admin_get(c, "/admin/api/admission").body["sessions_in_use"] == 3);

  auto again = set_slots(c, 4);
  CHECK(promoted_of(again) == std::vector<std::string>{w3});
  CHECK(status_body(c, w3)["status"] == "in_session");
  CHECK(status_body(c, w4)["queue_number"] == 1);
  auto log = audit_entries(c);
  REQUIRE(log.size() == 3);
  for (const auto& e : log) CHECK(e["action"] == "set_slots");
  CHECK(log[2]["detail"].get<std::string>().find("2 slots -> admitting, 4 slots") != std::string::npos);
}

TEST_CASE("admin: ending a session runs the closing step (SWOT made) and gives the slot to the next in line") {
  StoreUnderTest store("it-admin-end");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::string a = placed_user(c), w = placed_user(c);
  REQUIRE(post_json(c, "/interview/start", nlohmann::json{{"user_id", a}}.dump()).status == 200);

  auto ended = admin_post(c, "/admin/api/sessions/" + a + "/end");
  REQUIRE_MESSAGE(ended.status == 200, ended.raw);
  CHECK(ended.body["ended"] == a);
  CHECK(promoted_of(ended) == std::vector<std::string>{w});
  CHECK(status_body(c, a)["status"] == "session_over");
  CHECK(status_body(c, w)["status"] == "in_session");
  // The closing step makes the SWOT without anyone calling /interview/respond.
  Reply swot;
  for (int i = 0; i < 100; ++i) {
    swot = get(c, "/swot/" + a);
    if (swot.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_MESSAGE(swot.status == 200, swot.raw);
  CHECK(swot.body["swot_analysis"]["strengths"].is_array());
  // The candidate's page sees the end as when time runs out.
  auto respond = post_json(c, "/interview/respond", nlohmann::json{{"user_id", a}, {"user_response", ""}}.dump());
  CHECK(respond.body["status"] == "session_over");
  CHECK(respond.body["bot_response"].get<std::string>().find("session has concluded") != std::string::npos);

  auto log = audit_entries(c);
  REQUIRE(log.size() == 1);
  CHECK(log[0]["action"] == "end_session");
  CHECK(log[0]["user_id"] == a);
}

TEST_CASE("admin: removing a candidate from the queue drops the entry and sets them idle; a later join is at the back") {
  StoreUnderTest store("it-admin-dequeue");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::string a = placed_user(c), w1 = placed_user(c), w2 = placed_user(c);
  REQUIRE(status_body(c, w1)["queue_number"] == 1);

  auto removed = admin_delete(c, "/admin/api/queue/" + w1);
  REQUIRE_MESSAGE(removed.status == 200, removed.raw);
  CHECK(removed.body["removed"] == w1);
  CHECK(status_body(c, w1) == nlohmann::json{{"user_id", w1}, {"status", "idle"}, {"queue_number", 0}});
  CHECK(store.get("queue", w1) == std::nullopt);
  CHECK(status_body(c, w2)["queue_number"] == 1);
  auto rejoined = post_json(c, "/users/join", nlohmann::json{{"user_id", w1}}.dump());
  CHECK(rejoined.body["status"] == "waiting");
  CHECK(rejoined.body["queue_number"] == 2);
  CHECK(status_body(c, a)["status"] == "in_session");
  auto log = audit_entries(c);
  REQUIRE(log.size() == 1);
  CHECK(log[0]["action"] == "remove_from_queue");
  CHECK(log[0]["user_id"] == w1);
}

TEST_CASE("admin: bad input is a 4xx JSON error with detail and changes nothing") {
  StoreUnderTest store("it-admin-bad");
  ServerProcess server(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::string a = placed_user(c), w = placed_user(c);
  std::string unknown(32, 'f');
  struct Case {
    Reply reply;
    int status;
  };
  std::vector<Case> cases = {
      {admin_put(c, "/admin/api/slots", R"({"limit": 0})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": -3})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": 2.5})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": "3"})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": true})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": 10001})"), 422},
      {admin_put(c, "/admin/api/slots", R"({"limit": 99999999999999999999})"), 422},
      {admin_put(c, "/admin/api/slots", R"({})"), 422},
      {admin_put(c, "/admin/api/slots", R"(not json)"), 400},
      {admin_put(c, "/admin/api/slots", R"([3])"), 400},
      {admin_post(c, "/admin/api/sessions/" + unknown + "/end"), 404},
      {admin_post(c, "/admin/api/sessions/not-an-id/end"), 400},
      {admin_post(c, "/admin/api/sessions/" + w + "/end"), 409},  // waiting, not in session
      {admin_delete(c, "/admin/api/queue/" + unknown), 404},
      {admin_delete(c, "/admin/api/queue/" + a), 409},  // in session, not waiting
      {admin_get(c, "/admin/api/audit?limit=0"), 400},
      {admin_get(c, "/admin/api/audit?limit=abc"), 400},
  };
  for (const auto& k : cases) {
    CHECK_MESSAGE(k.reply.status == k.status, k.reply.raw);
    CHECK(k.reply.body["detail"].is_string());
    CHECK_FALSE(k.reply.body["detail"].get<std::string>().empty());
  }
  auto now = admin_get(c, "/admin/api/admission");
  CHECK(now.body["session_limit"] == 1);
  CHECK(now.body["live_limit_set"] == false);
  CHECK(status_body(c, a)["status"] == "in_session");
  CHECK(status_body(c, w)["queue_number"] == 1);
  CHECK(store.count("admin_audit") == 0);
  CHECK(audit_entries(c).empty());
}

TEST_CASE("admin: the settings live in the store, so a second instance obeys a pause and a slot count set on the first") {
  StoreUnderTest store("it-admin-shared");
  ServerProcess one(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  ServerProcess two(admin_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c1 = one.client();
  auto c2 = two.client();
  REQUIRE(admin_post(c1, "/admin/api/pause").status == 200);
  std::string a = placed_user(c2);
  CHECK(status_body(c2, a)["status"] == "waiting");
  auto seen = admin_get(c2, "/admin/api/admission");
  CHECK(seen.body["paused"] == true);
  REQUIRE(set_slots(c2, 2).status == 200);
  std::string b = placed_user(c1);
  CHECK(status_body(c1, b)["queue_number"] == 2);
  auto resumed = admin_post(c2, "/admin/api/resume");
  CHECK(promoted_of(resumed) == std::vector<std::string>{a, b});
  CHECK(admin_get(c1, "/admin/api/admission").body["session_limit"] == 2);
  CHECK(audit_entries(c1).size() == 3);
}

TEST_CASE("flood protection: POST /users/ beyond CREATE_LIMIT_PER_MINUTE per address is a 429 with Retry-After; nothing stored") {
  StoreUnderTest store("it-create-limit");
  ServerProcess server(store.env({{"CREATE_LIMIT_PER_MINUTE", "3"}, {"LOG_LEVEL", "warn"}, {"TASK_QUEUE", "none"}}));
  auto c = server.client();
  for (int i = 0; i < 3; ++i) {
    auto r = create_user(c);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
  }
  auto refused = c.Post("/users/", form_of(Candidate{}));
  REQUIRE(refused);
  CHECK(refused->status == 429);
  REQUIRE(refused->has_header("Retry-After"));
  int retry = std::stoi(refused->get_header_value("Retry-After"));
  CHECK(retry >= 1);
  CHECK(retry <= 20);
  auto body = nlohmann::json::parse(refused->body);
  CHECK(body["detail"].get<std::string>().find("at most 3 a minute") != std::string::npos);
  CHECK(body["message"] == body["detail"]);
  // Even a bad form is counted and refused before it is read.
  CHECK(to_reply(c.Post("/users/", "x", "text/plain")).status == 429);
  CHECK(store.count("users") == 3);
  // Other routes are not limited.
  CHECK(get(c, "/health").status == 200);
}

TEST_CASE("flood protection: CREATE_LIMIT_PER_MINUTE=0 turns the limit off") {
  StoreUnderTest store("it-create-nolimit");
  ServerProcess server(store.env({{"CREATE_LIMIT_PER_MINUTE", "0"}, {"LOG_LEVEL", "warn"}, {"TASK_QUEUE", "none"}}));
  auto c = server.client();
  for (int i = 0; i < 25; ++i) REQUIRE(create_user(c).status == 200);
  CHECK(store.count("users") == 25);
}
