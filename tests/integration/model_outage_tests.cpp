// The model stand-in answers 500/503 to everything for a while, then
// recovers. Answers sent during the outage get 503 with a detail and are
// recorded once (resends included); nothing made-up is stored (no bot turn,
// no fallback SWOT); a SWOT owed during the outage is made by the janitor
// after it; a resend after it gets the model's reply. The outage is 12 s here
// (the 60 s would keep the suite waiting; nothing depends on the length).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/probes.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/server_process.hpp"

using namespace interview;
using namespace interview::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

int entries(const json& history, const std::string& role, const std::string& message = "") {
  int n = 0;
  for (const auto& e : history)
    if (e.value("role", "") == role && (message.empty() || e.value("message", "") == message)) ++n;
  return n;
}

}  // namespace

TEST_CASE("model outage: answers get 503 and are recorded once, nothing made up is stored, owed SWOTs come after") {
  StoreUnderTest store("it-model-outage");
  FakeLlmServer fake;
  std::atomic<bool> down{false};
  std::atomic<int> refused{0};
  fake.set_handler([&](const RecordedRequest& r, std::size_t i) {
    if (down) {
      ++refused;
      return i % 2 ? canned::gemini_server_error(500) : canned::gemini_server_error(503);
    }
    return FakeLlmServer::default_reply(FakeLlmServerOptions{}, r, i);
  });
  ServerProcess server(store.env({{"SESSION_SECONDS", "12"},
                                  {"SESSION_LIMIT", "2"},
                                  {"CLEANUP_INTERVAL_SECONDS", "1"},
                                  {"LLM_PROVIDER", "gemini"},
                                  {"GEMINI_API_KEY", "k"},
                                  {"GEMINI_BASE_URL", fake.base_url()},
                                  {"LLM_RETRY_BUDGET_MS", "1000"},
                                  {"INTERVIEW_TIMEOUT_MS", "5000"},
                                  {"LOG_LEVEL", "warn"}}));
  auto c = server.client();
  auto start = [&](const std::string& id) {
    auto r = post_json(c, "/interview/start", json{{"user_id", id}}.dump());
    REQUIRE_MESSAGE(r.status == 200, r.raw);
  };
  // `early`'s session ends during the outage.
  std::string early = seated_user(c);
  start(early);
  auto outage_start = Clock::now();
  down = true;
  std::string late = seated_user(c);  // placed during the outage: placement needs no model

  const std::string answer = "I built a React front end on Cloud Run.";
  for (int i = 0; i < 3; ++i) {  // the answer, then two resends, all during the outage
    auto r = post_json(c, "/interview/respond", json{{"user_id", early}, {"user_response", answer}}.dump());
    CHECK_MESSAGE(r.status == 503, r.raw);
    CHECK(r.body["detail"].get<std::string>().find("unavailable") != std::string::npos);
    CHECK(r.body["message"] == r.body["detail"]);
  }
  auto during = store.get("users", early)->fields;
  CHECK(entries(during["interview_history"], "user", answer) == 1);
  CHECK(entries(during["interview_history"], "bot") == 1);  // only the opening, before the outage

  // `early`'s session ends at 12 s: its closing step runs while the model is down.
  REQUIRE(wait_until([&] { return get(c, "/status/" + early).body["status"] == "session_over"; },
                     std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the janitor's retries meet the outage too
  REQUIRE(down);
  auto closed = store.get("users", early)->fields;
  CHECK_FALSE(closed.contains("swot_analysis"));
  auto owed = closed.value("swot_status", "");
  CHECK_MESSAGE((owed == "pending" || owed == "generating"), owed);  // released, or being retried
  CHECK(get(c, "/swot/" + early).status == 404);
  CHECK(entries(closed["interview_history"], "user", answer) == 1);
  CHECK(entries(closed["interview_history"], "bot") == 1);

  down = false;
  auto outage = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - outage_start);
  auto recovered_at = Clock::now();
  MESSAGE("outage of " << outage.count() << " ms; " << refused.load() << " model calls refused");
  CHECK(refused > 0);

  // The owed SWOT is made by the janitor, from the model (no fallback).
  REQUIRE(wait_until([&] { return get(c, "/swot/" + early).status == 200; }, std::chrono::seconds(10)));
  auto swot_after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - recovered_at);
  MESSAGE("owed SWOT made " << swot_after.count() << " ms after the model recovered");
  auto done = store.get("users", early)->fields;
  CHECK(done["swot_status"] == "done");
  CHECK(done["swot_fallback"] == false);

  // `late` (placed during the outage) starts after it: opening question, then an answer.
  auto opened = post_json(c, "/interview/start", json{{"user_id", late}}.dump());
  REQUIRE_MESSAGE(opened.status == 200, opened.raw);
  CHECK(opened.body["status"] == "in_session");
  CHECK_FALSE(opened.body["next_question"].get<std::string>().empty());
  auto replied = post_json(c, "/interview/respond", json{{"user_id", late}, {"user_response", answer}}.dump());
  REQUIRE_MESSAGE(replied.status == 200, replied.raw);
  auto l = store.get("users", late)->fields;
  CHECK(entries(l["interview_history"], "user", answer) == 1);
  CHECK(entries(l["interview_history"], "bot") == 2);
}
