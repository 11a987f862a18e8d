// An instance dies in the middle of a SWOT's model call: its claim
// (swot_status generating) is never released. Another instance's janitor
// takes the claim over once it is older than SWOT_CLAIM_STALE_SECONDS and
// makes the SWOT, once, even with two janitors racing for it. Runs on the
// embedded store file (http.swot_takeover) and on the Firestore emulator
// (http.firestore.swot_takeover).
#include <doctest/doctest.h>
#include <signal.h>

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
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kStaleSeconds = 4;
constexpr int kTickSeconds = 1;

// A SWOT request asks for the four lists in its response schema (turns ask for a reply and a question).
bool is_swot_request(const RecordedRequest& r) {
  auto schema = r.json.is_object() ? r.json.value(nlohmann::json::json_pointer("/generationConfig/responseSchema/properties"),
                                                  nlohmann::json::object())
                                   : nlohmann::json::object();
  return schema.contains("strengths");
}

int swot_requests(const FakeLlmServer& fake) {
  int n = 0;
  for (const auto& r : fake.requests()) n += is_swot_request(r) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("swot takeover: an instance SIGKILLed during a 30 s SWOT call; two other instances make the SWOT once") {
  StoreUnderTest store("it-swot-takeover");
  // The model stand-in stalls every SWOT call for 30 s until told otherwise.
  FakeLlmServer fake;
  std::atomic<bool> stall{true};
  fake.set_handler([&](const RecordedRequest& r, std::size_t i) {
    auto reply = FakeLlmServer::default_reply(FakeLlmServerOptions{}, r, i);
    if (stall && is_swot_request(r)) reply.delay = std::chrono::seconds(30);
    return reply;
  });
  auto env = store.env({{"SESSION_SECONDS", "2"},
                        {"CLEANUP_INTERVAL_SECONDS", std::to_string(kTickSeconds)},
                        {"SWOT_CLAIM_STALE_SECONDS", std::to_string(kStaleSeconds)},
                        {"LLM_PROVIDER", "gemini"},
                        {"GEMINI_API_KEY", "k"},
                        {"GEMINI_BASE_URL", fake.base_url()},
                        {"LOG_LEVEL", "info"}});

  std::string id;
  store::TimePoint claimed_at;
  {
    ServerProcess a(env);
    auto c = a.client();
    id = seated_user(c);
    // The interview's clock starts at the first /interview/start (issue 12).
    REQUIRE(post_json(c, "/interview/start", nlohmann::json{{"user_id", id}}.dump()).status == 200);
    // The interview starts (the opening turn is answered at once): its session runs 2 s.
    auto opened = post_json(c, "/interview/start", nlohmann::json{{"user_id", id}}.dump());
    REQUIRE_MESSAGE(opened.status == 200, opened.raw);
    REQUIRE(swot_requests(fake) == 0);
    // A's janitor expires the session, claims the SWOT and asks the model, which stalls.
    REQUIRE_MESSAGE(wait_until([&] { return swot_requests(fake) == 1; }, std::chrono::seconds(15)), a.output());
    auto user = store.get("users", id);
    REQUIRE(user.has_value());
    CHECK(user->fields["swot_status"] == "generating");
    CHECK_FALSE(user->fields.contains("swot_analysis"));
    auto at = store::as_timestamp(user->fields["swot_claimed_at"]);
    REQUIRE(at.has_value());
    claimed_at = *at;
    REQUIRE(::kill(a.pid(), SIGKILL) == 0);
    CHECK(a.terminate(5) == -1);  // reaped: it was killed, not stopped
  }
  // The dead instance's claim is still there, and the SWOT still owed.
  CHECK(store.get("users", id)->fields["swot_status"] == "generating");
  stall = false;

  ServerProcess b(env), d(env);
  auto cb = b.client();
  auto cd = d.client();
  CHECK(get(cb, "/swot/" + id).status == 404);
  bool made = wait_until([&] { return get(cb, "/swot/" + id).status == 200; }, std::chrono::seconds(30));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(store::now_micros() - claimed_at);
  REQUIRE_MESSAGE(made, std::string(b.output() + d.output()));
  MESSAGE("SWOT stored " << took.count() << " ms after the dead instance's claim (stale after "
                         << kStaleSeconds << " s, tick " << kTickSeconds << " s)");
  // Within the stale age + one tick, plus what starting two instances and one
  // model call (and, on the emulator, a contended transaction) take.
  CHECK(took < std::chrono::seconds(kStaleSeconds + kTickSeconds + 6));

  // Two more ticks of both janitors: nobody makes it again.
  std::this_thread::sleep_for(std::chrono::seconds(3 * kTickSeconds));
  CHECK(swot_requests(fake) == 2);  // the stalled call of the dead instance + exactly one takeover
  auto user = store.get("users", id);
  REQUIRE(user.has_value());
  CHECK(user->fields["swot_status"] == "done");
  CHECK(user->fields["swot_fallback"] == false);
  CHECK(user->fields["swot_analysis"]["strengths"].size() > 0);
  auto via_b = get(cb, "/swot/" + id);
  auto via_d = get(cd, "/swot/" + id);
  CHECK(via_b.body["swot_analysis"] == user->fields["swot_analysis"]);
  CHECK(via_d.body["swot_analysis"] == user->fields["swot_analysis"]);
  CHECK(get(cd, "/status/" + id).body["status"] == "session_over");
  CHECK(store.count("in_session") == 0);
  bool taken_over = b.output().find("taking over the stale SWOT claim") != std::string::npos ||
                    d.output().find("taking over the stale SWOT claim") != std::string::npos;
  CHECK(taken_over);
}
