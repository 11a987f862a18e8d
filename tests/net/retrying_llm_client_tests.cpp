#include <doctest/doctest.h>

#include "net/retrying_llm_client.hpp"
#include "tests/core/llm/scripted_llm_client.hpp"

using namespace interview;
using namespace interview::llm;
using std::chrono::milliseconds;

namespace {

// A clock that only moves when the test says so: sleeps and calls advance it.
struct FakeTime {
  std::chrono::steady_clock::time_point now{};
  std::vector<milliseconds> sleeps;
  RetryHooks hooks(double jitter = 0.5) {
    RetryHooks h;
    h.now = [this] { return now; };
    h.sleep = [this](milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
    h.jitter = [jitter] { return jitter; };
    return h;
  }
};

// Each call takes call_duration of the fake time.
struct ScriptedClient : interview::testing::ScriptedLlmClient {
  milliseconds call_duration{100};
  explicit ScriptedClient(FakeTime* time) : ScriptedLlmClient("scripted", "m1") {
    on_call = [this, time](const LlmRequest&) { time->now += call_duration; };
  }
};

Error unavailable(milliseconds retry_after = milliseconds(0)) {
  return Error{ErrorKind::unavailable, "HTTP 503", retry_after};
}
LlmReply ok_reply() { return LlmReply{"hello", "scripted", "m1"}; }

// One call that fails at once: no sleep, and the next scripted reply never asked for.
Error check_fails_without_retry(RetryingLlmClient& client, const FakeTime& time, const ScriptedClient& inner) {
  auto r = client.generate(LlmRequest{});
  REQUIRE_FALSE(r.ok());
  CHECK(time.sleeps.empty());
  CHECK(inner.script.size() == 1);
  return r.error();
}

}  // namespace

TEST_CASE("backoff grows exponentially, is capped and fully jittered") {
  RetryPolicy p;
  p.base_delay = milliseconds(500);
  p.max_delay = milliseconds(4000);
  CHECK(RetryingLlmClient::backoff(p, 0, 1.0) == milliseconds(500));
  CHECK(RetryingLlmClient::backoff(p, 1, 1.0) == milliseconds(1000));
  CHECK(RetryingLlmClient::backoff(p, 2, 1.0) == milliseconds(2000));
  CHECK(RetryingLlmClient::backoff(p, 5, 1.0) == milliseconds(4000));
  CHECK(RetryingLlmClient::backoff(p, 2, 0.25) == milliseconds(500));
  CHECK(RetryingLlmClient::backoff(p, 2, 0.0) == milliseconds(0));
}

TEST_CASE("transient errors are retried with backoff until success") {
  FakeTime time;
  auto inner = std::make_shared<ScriptedClient>(&time);
  inner->script = {unavailable(), Error{ErrorKind::timeout, "slow"}, ok_reply()};
  RetryingLlmClient client(inner, RetryPolicy{}, time.hooks(0.5));
  auto r = client.generate(LlmRequest{});
  REQUIRE(r.ok());
  CHECK(r->text == "hello");
  CHECK(time.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500)});
  CHECK(client.provider() == "scripted");
}

TEST_CASE("Retry-After is honoured instead of the backoff") {
  FakeTime time;
  auto inner = std::make_shared<ScriptedClient>(&time);
  inner->script = {unavailable(milliseconds(3000)), ok_reply()};
  RetryingLlmClient client(inner, RetryPolicy{}, time.hooks(0.1));
  REQUIRE(client.generate(LlmRequest{}).ok());
  CHECK(time.sleeps == std::vector<milliseconds>{milliseconds(3000)});
}

TEST_CASE("Retry-After beyond the budget gives up at once and keeps retry_after") {
  FakeTime time;
  auto inner = std::make_shared<ScriptedClient>(&time);
  inner->script = {unavailable(milliseconds(60000)), ok_reply()};
  RetryingLlmClient client(inner, RetryPolicy{}, time.hooks());
  auto error = check_fails_without_retry(client, time, *inner);
  CHECK(error.kind == ErrorKind::unavailable);
  CHECK(error.retry_after == milliseconds(60000));
  CHECK(error.message.find("Retry-After exceeds") != std::string::npos);
}

TEST_CASE("the total budget bounds sleeps and clamps retry deadlines") {
  FakeTime time;
  auto inner = std::make_shared<ScriptedClient>(&time);
  inner->call_duration = milliseconds(2000);
  for (int i = 0; i < 10; ++i) inner->script.push_back(unavailable());
  RetryPolicy policy;
  policy.budget = milliseconds(5000);
  policy.max_attempts = 10;
  RetryingLlmClient client(inner, policy, time.hooks(1.0));
  LlmRequest req;
  req.deadline = milliseconds(20000);
  auto start = time.now;
  auto r = client.generate(req);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(time.now - start <= milliseconds(5000));
  REQUIRE(inner->seen.size() >= 2);
  CHECK(inner->seen[0].deadline == milliseconds(20000));  // first attempt keeps its deadline
  CHECK(inner->seen[1].deadline <= milliseconds(5000 - 2000 - 500));
}

TEST_CASE("permanent errors are never retried") {
  for (auto kind : {ErrorKind::internal, ErrorKind::unprocessable, ErrorKind::bad_request}) {
    FakeTime time;
    auto inner = std::make_shared<ScriptedClient>(&time);
    inner->script = {Error{kind, "invalid key"}, ok_reply()};
    RetryingLlmClient client(inner, RetryPolicy{}, time.hooks());
    auto error = check_fails_without_retry(client, time, *inner);
    CHECK(error.kind == kind);
    CHECK(error.message == "invalid key");
  }
}

TEST_CASE("max attempts ends with a clear unavailable error") {
  FakeTime time;
  auto inner = std::make_shared<ScriptedClient>(&time);
  inner->call_duration = milliseconds(1);
  for (int i = 0; i < 3; ++i) inner->script.push_back(Error{ErrorKind::timeout, "deadline hit"});
  RetryPolicy policy;
  policy.max_attempts = 3;
  int retries_seen = 0;
  auto hooks = time.hooks(0.0);
  hooks.on_retry = [&](int, const Error&, milliseconds) { ++retries_seen; };
  RetryingLlmClient client(inner, policy, hooks);
  auto r = client.generate(LlmRequest{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  CHECK(r.error().message.find("failed after 3 attempts") != std::string::npos);
  CHECK(r.error().message.find("deadline hit") != std::string::npos);
  CHECK(retries_seen == 2);
  CHECK(inner->script.empty());
}
