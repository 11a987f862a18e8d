#include <doctest/doctest.h>

#include "core/llm/prompts.hpp"
#include "gcp/gemini/gemini_client.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview;
using namespace interview::testing;
using std::chrono::milliseconds;

namespace {
gemini::GeminiClient client_for(const FakeLlmServer& server, milliseconds timeout = milliseconds(5000)) {
  return gemini::GeminiClient({"test-key-123456789", "gemini-flash-latest", server.base_url(), timeout});
}

llm::LlmRequest turn_request() {
  llm::InterviewContext ctx;
  ctx.candidate_name = "Ada";
  ctx.resume_text = "React and FastAPI";
  return llm::build_opening_request(llm::InterviewProfile{}, ctx);
}
}  // namespace

TEST_CASE("success: the request the client sent and the text it returns") {
  FakeLlmServer server;
  REQUIRE(server.running());
  server.push(canned::gemini_text("hello there"));
  auto client = client_for(server);
  auto r = client.generate(turn_request());
  REQUIRE(r.ok());
  CHECK(r->text == "hello there");
  CHECK(r->provider == "gemini");
  CHECK(r->model == "gemini-flash-latest");

  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  const auto& sent = reqs[0];
  CHECK(sent.method == "POST");
  CHECK(sent.path == "/v1beta/models/gemini-flash-latest:generateContent");
  CHECK(sent.header("x-goog-api-key") == std::optional<std::string>("test-key-123456789"));
  CHECK(sent.header("content-type").value_or("").find("application/json") == 0);
  CHECK(sent.path.find("key=") == std::string::npos);  // the key never goes in the URL
  REQUIRE(sent.json.is_object());
  CHECK(sent.json["systemInstruction"]["parts"][0]["text"].get<std::string>().find("interviewer") !=
        std::string::npos);
  CHECK(sent.json["contents"][0]["role"] == "user");
  CHECK(sent.json["contents"][0]["parts"][0]["text"].get<std::string>().find("<resume>") !=
        std::string::npos);
  CHECK(sent.json["generationConfig"]["responseMimeType"] == "application/json");
  CHECK(sent.json["generationConfig"]["responseSchema"]["properties"].contains("next_question"));
}

TEST_CASE("JSON-schema reply is returned verbatim for the parser; thought parts skipped") {
  FakeLlmServer server;
  nlohmann::json payload = {{"bot_response", "Hi"}, {"next_question", "Why?"}};
  server.push(canned::gemini_json(payload));
  server.push(canned::gemini_with_thought("let me think about the candidate", "```json\n{\"a\":1}\n```"));
  auto client = client_for(server);
  auto r = client.generate(turn_request());
  REQUIRE(r.ok());
  CHECK(nlohmann::json::parse(r->text) == payload);
  auto fenced = client.generate(turn_request());
  REQUIRE(fenced.ok());
  CHECK(fenced->text == "```json\n{\"a\":1}\n```");
}

TEST_CASE("text parts are concatenated") {
  FakeLlmServer server;
  ScriptedReply two_parts;
  two_parts.body = R"({"candidates":[{"content":{"role":"model","parts":[{"text":"{\"bot_response\":"},{"text":"\"x\"}"}]},"finishReason":"STOP"}]})";
  server.push(two_parts);
  auto r = client_for(server).generate(turn_request());
  REQUIRE(r.ok());
  CHECK(r->text == "{\"bot_response\":\"x\"}");
}

TEST_CASE("refusals are permanent: SAFETY finish, prompt blocked, recitation, max tokens") {
  FakeLlmServer server;
  server.push(canned::gemini_finish("SAFETY"));
  server.push(canned::gemini_prompt_blocked("PROHIBITED_CONTENT"));
  server.push(canned::gemini_finish("RECITATION"));
  server.push(canned::gemini_text("{\"bot_resp", "MAX_TOKENS"));
  auto client = client_for(server);
  auto safety = client.generate(turn_request());
  REQUIRE_FALSE(safety.ok());
  CHECK(safety.error().kind == ErrorKind::unprocessable);
  CHECK(safety.error().message.find("SAFETY") != std::string::npos);
  auto blocked = client.generate(turn_request());
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().kind == ErrorKind::unprocessable);
  CHECK(blocked.error().message.find("PROHIBITED_CONTENT") != std::string::npos);
  auto recitation = client.generate(turn_request());
  CHECK(recitation.error().kind == ErrorKind::unprocessable);
  auto truncated = client.generate(turn_request());
  CHECK(truncated.error().kind == ErrorKind::unprocessable);
  CHECK(truncated.error().message.find("MAX_TOKENS") != std::string::npos);
}

TEST_CASE("invalid key and permission denied are permanent misconfiguration errors") {
  FakeLlmServer server;
  server.push(canned::gemini_invalid_key());
  server.push(canned::gemini_permission_denied());
  auto client = client_for(server);
  auto bad_key = client.generate(turn_request());
  REQUIRE_FALSE(bad_key.ok());
  CHECK(bad_key.error().kind == ErrorKind::internal);
  CHECK(bad_key.error().message.find("GEMINI_API_KEY") != std::string::npos);
  CHECK(bad_key.error().message.find("test-key-123456789") == std::string::npos);
  CHECK_FALSE(llm::is_transient(bad_key.error()));
  auto denied = client.generate(turn_request());
  CHECK(denied.error().kind == ErrorKind::internal);
}

TEST_CASE("429 with Retry-After, 500 and 503 are transient") {
  FakeLlmServer server;
  server.push(canned::gemini_quota(7));
  server.push(canned::gemini_server_error(500));
  server.push(canned::gemini_server_error(503));
  auto client = client_for(server);
  auto quota = client.generate(turn_request());
  REQUIRE_FALSE(quota.ok());
  CHECK(quota.error().kind == ErrorKind::unavailable);
  CHECK(quota.error().retry_after == milliseconds(7000));
  CHECK(quota.error().message.find("RESOURCE_EXHAUSTED") != std::string::npos);
  auto internal = client.generate(turn_request());
  CHECK(internal.error().kind == ErrorKind::unavailable);
  auto overloaded = client.generate(turn_request());
  CHECK(overloaded.error().kind == ErrorKind::unavailable);
  CHECK(llm::is_transient(overloaded.error()));
}

TEST_CASE("RetryInfo retryDelay is used when there is no Retry-After header") {
  FakeLlmServer server;
  auto reply = canned::gemini_quota(3);
  reply.headers.clear();
  server.push(reply);
  auto r = client_for(server).generate(turn_request());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().retry_after == milliseconds(3000));
}

TEST_CASE("slow server: the deadline is hit and reported as timeout") {
  FakeLlmServer server;
  server.push(canned::delayed(canned::gemini_text("late"), milliseconds(3000)));
  auto client = client_for(server, milliseconds(5000));
  auto req = turn_request();
  req.deadline = milliseconds(300);  // the request's shorter deadline wins
  auto start = std::chrono::steady_clock::now();
  auto r = client.generate(req);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::timeout);
  CHECK(took < milliseconds(2000));
}

TEST_CASE("malformed body, no candidates and empty text are transient") {
  FakeLlmServer server;
  server.push(canned::malformed());
  server.push(canned::gemini_no_candidates());
  server.push(canned::gemini_text("   "));
  auto client = client_for(server);
  auto malformed = client.generate(turn_request());
  REQUIRE_FALSE(malformed.ok());
  CHECK(malformed.error().kind == ErrorKind::unavailable);
  CHECK(malformed.error().message.find("malformed") != std::string::npos);
  CHECK(client.generate(turn_request()).error().kind == ErrorKind::unavailable);
  CHECK(client.generate(turn_request()).error().kind == ErrorKind::unavailable);
}

TEST_CASE("unknown model (404) is permanent; nothing listening is unavailable") {
  FakeLlmServer server;
  server.push(canned::gemini_error(404, "NOT_FOUND", "models/nope is not found"));
  auto r = client_for(server).generate(turn_request());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::internal);
  CHECK(r.error().message.find("GEMINI_MODEL") != std::string::npos);

  int port = server.port();
  server.stop();
  gemini::GeminiClient down({"k", "m", "http://127.0.0.1:" + std::to_string(port), milliseconds(2000)});
  auto refused = down.generate(turn_request());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::unavailable);
}

TEST_CASE("the fake's default reply matches the schema the request asked for") {
  FakeLlmServer server;
  auto client = client_for(server);
  auto turn = client.generate(turn_request());
  REQUIRE(turn.ok());
  auto t = nlohmann::json::parse(turn->text);
  CHECK(t["next_question"].is_string());
  llm::InterviewContext ctx;
  auto swot = client.generate(llm::build_swot_request(llm::InterviewProfile{}, ctx));
  REQUIRE(swot.ok());
  auto s = nlohmann::json::parse(swot->text);
  CHECK(s["threats"].is_array());
}

TEST_CASE("fields of unexpected types are a malformed body, not a crash") {
  FakeLlmServer server;
  ScriptedReply odd;
  odd.body = R"({"promptFeedback":{"blockReason":7},"candidates":[{"finishReason":3}]})";
  server.push(odd);
  ScriptedReply odd_error;
  odd_error.status = 403;
  odd_error.body = R"({"error":{"code":"x","status":42,"message":null}})";
  server.push(odd_error);
  auto client = client_for(server);
  auto r = client.generate(turn_request());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::unavailable);
  auto e = client.generate(turn_request());
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == ErrorKind::internal);  // still a permission problem, not retried
}
