// The interview through the real binary against a local server speaking
// Gemini's wire format: turns, retries, the 503 path, resends, concurrency,
// the closing step (from respond and from the janitor) and SWOT-once.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview::testing;
using nlohmann::json;

namespace {

std::map<std::string, std::string> gemini_env(const TempDir& dir, const FakeLlmServer& fake,
                                              std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> env{{"DATA_DIR", dir.path()},
                                         {"GEMINI_API_KEY", "test-key-123"},
                                         {"GEMINI_BASE_URL", fake.base_url()},
                                         {"LLM_PROVIDER", "gemini"},
                                         {"LLM_RETRY_BUDGET_MS", "3000"},
                                         {"LOG_LEVEL", "warn"}};
  for (auto& [k, v] : extra) env[k] = v;
  return env;
}

// The server on its own data dir, its model a FakeLlmServer speaking Gemini's format.
struct GeminiSetup {
  explicit GeminiSetup(const std::string& name, std::map<std::string, std::string> extra = {})
      : dir(name), server(gemini_env(dir, fake, std::move(extra))) {}
  TempDir dir;
  FakeLlmServer fake;
  ServerProcess server;
  httplib::Client c = server.client();
};

Reply start(httplib::Client& c, const std::string& id) {
  return post_json(c, "/interview/start", json{{"user_id", id}}.dump());
}
Reply respond(httplib::Client& c, const std::string& id, const std::string& answer) {
  return post_json(c, "/interview/respond", json{{"user_id", id}, {"user_response", answer}}.dump());
}

// users/{id} as stored (read straight from the embedded store's file).
json stored_user(const TempDir& dir, const std::string& id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((dir.path() + "/interview.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT data FROM documents WHERE collection='users' AND id=?1", -1, &s, nullptr);
  sqlite3_bind_text(s, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  json out;
  if (sqlite3_step(s) == SQLITE_ROW) out = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

int copies_of_answer(const json& user, const std::string& answer) {
  int n = 0;
  for (const auto& e : user.value("interview_history", json::array()))
    if (e.value("role", "") == "user" && e.value("message", "") == answer) ++n;
  return n;
}

bool is_swot_request(const RecordedRequest& r) { return r.body.find("strengths") != std::string::npos; }

int swot_requests(const FakeLlmServer& fake) {
  int n = 0;
  for (const auto& r : fake.requests()) n += is_swot_request(r) ? 1 : 0;
  return n;
}

Reply wait_for_swot(httplib::Client& c, const std::string& id, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  Reply r;
  while (std::chrono::steady_clock::now() < deadline) {
    r = get(c, "/swot/" + id);
    if (r.status == 200) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return r;
}

void check_closing(const Reply& r) {
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  CHECK(r.body["status"] == "session_over");
  CHECK(r.body["next_question"] == "");
  CHECK(r.body["time_remaining"] == 0);
  auto text = r.body["bot_response"].get<std::string>();
  CHECK(text.find("session has concluded") != std::string::npos);
  CHECK(text.find("Status: session over.") != std::string::npos);
}

void check_four_lists(const json& swot) {
  for (const char* k : {"strengths", "weaknesses", "opportunities", "threats"}) {
    REQUIRE_MESSAGE(swot.contains(k), swot.dump());
    CHECK(swot[k].is_array());
  }
  CHECK_FALSE(swot.contains("raw"));
}

}  // namespace

TEST_CASE("interview: a whole interview against Gemini's wire format, from first question to SWOT") {
  GeminiSetup setup("it-interview", {{"SESSION_SECONDS", "4"}, {"CLEANUP_INTERVAL_SECONDS", "60"}});
  auto& [dir, fake, server, c] = setup;
  Candidate cand;
  cand.resume = "Jane Roe. Built FastAPI services on Google Cloud Run; React front ends. UNIQUE-RESUME-MARKER-42";
  std::string id = seated_user(c, cand);

  auto first = start(c, id);
  REQUIRE_MESSAGE(first.status == 200, first.raw);
  CHECK(first.body["status"] == "in_session");
  CHECK_FALSE(first.body["next_question"].get<std::string>().empty());
  CHECK(first.body["time_remaining"].get<int>() > 0);
  CHECK(first.body["time_remaining"].get<int>() <= 4);
  CHECK(first.body["provider"] == "gemini");

  auto sent = fake.requests();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].path == "/v1beta/models/gemini-flash-latest:generateContent");
  CHECK(sent[0].header("x-goog-api-key") == std::optional<std::string>("test-key-123"));
  CHECK(sent[0].json.contains("systemInstruction"));
  CHECK(sent[0].json["generationConfig"]["responseMimeType"] == "application/json");
  CHECK(sent[0].json["contents"].dump().find("UNIQUE-RESUME-MARKER-42") != std::string::npos);
  CHECK(sent[0].json["systemInstruction"].dump().find("UNIQUE-RESUME-MARKER-42") == std::string::npos);

  SUBCASE("start again after the interview began returns the pending question (page reload)") {
    auto again = start(c, id);
    CHECK(again.status == 200);
    CHECK(again.body["next_question"] == first.body["next_question"]);
    CHECK(fake.request_count() == 1);
  }

  auto second = respond(c, id, "I split the API into FastAPI routers and deployed on Cloud Run.");
  REQUIRE_MESSAGE(second.status == 200, second.raw);
  CHECK(second.body["status"] == "in_session");
  CHECK(fake.requests().back().json["contents"].dump().find("FastAPI routers") != std::string::npos);

  auto user = stored_user(dir, id);
  auto history = user["interview_history"];
  REQUIRE(history.size() == 3);
  CHECK(history[0]["role"] == "bot");
  CHECK(history[0]["question"] == first.body["next_question"]);
  CHECK(history[1]["role"] == "user");
  CHECK(history[2]["role"] == "bot");
  CHECK(user["next_question"] == second.body["next_question"]);

  std::this_thread::sleep_for(std::chrono::milliseconds(4200));
  auto closing = respond(c, id, "");
  check_closing(closing);
  auto swot = get(c, "/swot/" + id);
  REQUIRE_MESSAGE(swot.status == 200, swot.raw);
  CHECK(swot.body["found"] == true);
  check_four_lists(swot.body["swot_analysis"]);
  CHECK(get(c, "/status/" + id).body["status"] == "session_over");
  CHECK(swot_requests(fake) == 1);
  // After the end, respond keeps answering the closing text and never calls the model again.
  auto count = fake.request_count();
  check_closing(respond(c, id, "one more thing"));
  CHECK(fake.request_count() == count);
}

TEST_CASE("interview: 429 with Retry-After and 5xx are retried, then the reply arrives") {
  GeminiSetup setup("it-retry");
  auto& [dir, fake, server, c] = setup;
  std::string id = seated_user(c);
  fake.push(canned::gemini_quota(1));
  fake.push(canned::gemini_server_error(503));
  auto r = start(c, id);
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  CHECK(fake.request_count() == 3);
  CHECK_FALSE(r.body["next_question"].get<std::string>().empty());
}

TEST_CASE("interview: when the model keeps failing the route answers 503, and a resend records the answer once") {
  GeminiSetup setup("it-503", {{"LLM_RETRY_BUDGET_MS", "300"}});
  auto& [dir, fake, server, c] = setup;
  std::string id = seated_user(c);
  REQUIRE(start(c, id).status == 200);

  const std::string answer = "My answer that must not be lost.";
  std::atomic<bool> failing{true};
  fake.set_handler([&](const RecordedRequest& req, std::size_t i) {
    return failing ? canned::gemini_server_error(500) : FakeLlmServer::default_reply({}, req, i);
  });
  auto failed = respond(c, id, answer);
  CHECK(failed.status == 503);
  CHECK_FALSE(failed.body["detail"].get<std::string>().empty());
  CHECK(failed.body["message"] == failed.body["detail"]);
  CHECK(copies_of_answer(stored_user(dir, id), answer) == 1);

  failing = false;
  auto resent = respond(c, id, answer);
  REQUIRE_MESSAGE(resent.status == 200, resent.raw);
  auto user = stored_user(dir, id);
  CHECK(copies_of_answer(user, answer) == 1);
  CHECK(user["interview_history"].back()["role"] == "bot");

  SUBCASE("an invalid key is not retried and is a 503 too, never a made-up reply") {
    auto before = fake.request_count();
    fake.push(canned::gemini_invalid_key());
    auto r = respond(c, id, "another answer");
    CHECK(r.status == 503);
    CHECK(fake.request_count() == before + 1);
  }
}

TEST_CASE("interview: two answers sent at once both land in the history, in order") {
  GeminiSetup setup("it-two");
  auto& [dir, fake, server, c] = setup;
  std::string id = seated_user(c);
  REQUIRE(start(c, id).status == 200);
  fake.set_delay(std::chrono::milliseconds(300));
  auto a = std::async(std::launch::async, [&] { auto cl = setup.server.client(); return respond(cl, id, "answer A"); });
  auto b = std::async(std::launch::async, [&] { auto cl = setup.server.client(); return respond(cl, id, "answer B"); });
  CHECK(a.get().status == 200);
  CHECK(b.get().status == 200);
  auto history = stored_user(dir, id)["interview_history"];
  REQUIRE(history.size() == 5);
  std::vector<std::string> roles;
  for (auto& e : history) roles.push_back(e["role"]);
  CHECK(roles == std::vector<std::string>{"bot", "user", "bot", "user", "bot"});
  CHECK(copies_of_answer(stored_user(dir, id), "answer A") == 1);
  CHECK(copies_of_answer(stored_user(dir, id), "answer B") == 1);
}

TEST_CASE("interview: many candidates interview in parallel through the pool") {
  constexpr int kCandidates = 8;
  TempDir dir("it-parallel");
  FakeLlmServer fake;
  std::atomic<int> now_in{0}, most{0};
  fake.set_handler([&](const RecordedRequest& req, std::size_t i) {
    int n = ++now_in;
    int m = most.load();
    while (n > m && !most.compare_exchange_weak(m, n)) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    --now_in;
    return FakeLlmServer::default_reply({}, req, i);
  });
  ServerProcess server(gemini_env(dir, fake, {{"SESSION_LIMIT", std::to_string(kCandidates)}, {"GEMINI_POOL_SIZE", "8"}}));
  auto c = server.client();
  std::vector<std::string> ids;
  for (int i = 0; i < kCandidates; ++i) {
    ids.push_back(new_user(c));
    REQUIRE(post_json(c, "/users/join", json{{"user_id", ids.back()}}.dump()).body["status"] == "in_session");
  }
  std::vector<std::future<Reply>> replies;
  for (auto& id : ids)
    replies.push_back(std::async(std::launch::async, [&server, id] { auto cl = server.client(); return start(cl, id); }));
  for (auto& r : replies) CHECK(r.get().status == 200);
  // With one call at a time the most in flight would be 1.
  CHECK(most.load() >= 4);
}

TEST_CASE("interview: the janitor closes interviews nobody came back to, and a SWOT is made once under races") {
  TempDir dir("it-janitor");
  FakeLlmServer fake;
  fake.set_delay(std::chrono::milliseconds(300));
  ServerProcess server(gemini_env(dir, fake, {{"SESSION_SECONDS", "2"}, {"CLEANUP_INTERVAL_SECONDS", "1"}}));
  auto c = server.client();
  std::string id = seated_user(c);
  REQUIRE(start(c, id).status == 200);
  CHECK(get(c, "/swot/" + id).body["detail"] == "SWOT analysis not yet generated");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  // Late answers race the janitor's closing step.
  std::vector<std::future<Reply>> late;
  for (int i = 0; i < 6; ++i)
    late.push_back(std::async(std::launch::async, [&] { auto cl = server.client(); return respond(cl, id, ""); }));
  for (auto& r : late) check_closing(r.get());
  auto swot = wait_for_swot(c, id, 10);
  REQUIRE_MESSAGE(swot.status == 200, swot.raw);
  check_four_lists(swot.body["swot_analysis"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // another janitor tick
  CHECK(swot_requests(fake) == 1);
  CHECK(get(c, "/status/" + id).body["status"] == "session_over");
}

TEST_CASE("interview: answers before placement say to wait, with the queue position") {
  GeminiSetup setup("it-wait", {{"SESSION_LIMIT", "1"}});
  auto& [dir, fake, server, c] = setup;
  std::string a = new_user(c), b = new_user(c);
  post_json(c, "/users/join", json{{"user_id", a}}.dump());
  post_json(c, "/users/join", json{{"user_id", b}}.dump());
  auto waiting = start(c, b);
  REQUIRE(waiting.status == 200);
  CHECK(waiting.body["status"] == "queue");
  CHECK(waiting.body["queue_number"] == 1);
  CHECK(waiting.body["bot_response"].get<std::string>().find("1") != std::string::npos);
  CHECK(fake.request_count() == 0);
  CHECK(start(c, std::string(32, 'c')).status == 404);
  CHECK(get(c, "/swot/" + std::string(32, 'c')).body["detail"] == "User not found");
  CHECK(post_json(c, "/interview/respond", json{{"user_id", a}}.dump()).status == 422);
  CHECK(post_json(c, "/interview/respond", json{{"user_id", a}, {"user_response", 5}}.dump()).status == 422);
  CHECK(post_json(c, "/interview/start", "{oops").status == 400);
}

TEST_CASE("interview: the offline interviewer runs a whole interview and says what it is") {
  TempDir dir("it-offline");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"SESSION_SECONDS", "3"}, {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  Candidate cand;
  cand.resume = "Engineer: Django, React, Google Cloud, Terraform.";
  std::string id = seated_user(c, cand);
  auto first = start(c, id);
  REQUIRE(first.status == 200);
  CHECK(first.body["provider"] == "offline");
  CHECK_FALSE(first.body["next_question"].get<std::string>().empty());
  auto second = respond(c, id, "I used Django's ORM with careful indexing and select_related.");
  REQUIRE(second.status == 200);
  CHECK(second.body["next_question"] != first.body["next_question"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  check_closing(respond(c, id, ""));
  auto swot = get(c, "/swot/" + id);
  REQUIRE(swot.status == 200);
  check_four_lists(swot.body["swot_analysis"]);
}

namespace {

}  // namespace

TEST_CASE("interview: text from page 2 of a PDF and from a DOCX table reaches the model's request") {
  GeminiSetup setup("it-resume", {{"SESSION_LIMIT", "2"}});
  auto& [dir, fake, server, c] = setup;
  struct Upload {
    const char* file;
    const char* phrase;
    const char* misleading_name;  // the type comes from the content, not the name
  };
  for (auto u : {Upload{"resume-2page.pdf", "KUBERNETES-OPERATOR-PHRASE-P2", "resume.txt"},
                 Upload{"resume.docx", "TABLE-CELL-PHRASE-DOCX", "resume.pdf"}}) {
    CAPTURE(u.file);
    Candidate cand;
    cand.resume = resume_fixture(u.file);
    cand.resume_filename = u.misleading_name;
    std::string id = seated_user(c, cand);
    auto before = fake.request_count();
    REQUIRE(start(c, id).status == 200);
    auto sent = fake.requests();
    REQUIRE(sent.size() == before + 1);
    CHECK(sent.back().json["contents"].dump().find(u.phrase) != std::string::npos);
  }
}

TEST_CASE("interview: an unreadable resume is refused with 422 and nothing is stored") {

  TempDir dir("it-bad-resume");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  Candidate cand;
  cand.resume = resume_fixture("resume-encrypted.pdf");
  auto r = create_user(c, cand);
  CHECK(r.status == 422);
  CHECK(r.body["detail"].get<std::string>().size() > 0);
  cand.resume = resume_fixture("resume-2page.pdf").substr(0, 900);  // truncated
  CHECK(create_user(c, cand).status == 422);
  CHECK(stored_user(dir, std::string(32, '0')).is_null());
  CHECK(count_documents(dir.path() + "/interview.db", "users") == 0);
}
