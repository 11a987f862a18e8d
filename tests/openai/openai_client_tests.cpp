#include <doctest/doctest.h>

#include "core/llm/prompts.hpp"
#include "openai/openai_client.hpp"
#include "openai/openai_wire.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview;
using namespace interview::testing;
using std::chrono::milliseconds;

namespace {
openai::OpenAiClient client_for(const FakeLlmServer& server, std::string suffix = "",
                                std::string key = "sk-test-abcdefgh") {
  return openai::OpenAiClient({server.base_url() + suffix, key, "qwen2.5-7b", milliseconds(5000)});
}
llm::LlmRequest turn_request() {
  llm::InterviewContext ctx;
  ctx.resume_text = "Flask";
  return llm::build_opening_request(llm::InterviewProfile{}, ctx);
}
FakeLlmServerOptions openai_mode() {
  FakeLlmServerOptions o;
  o.mode = FakeLlmMode::openai;
  return o;
}
}  // namespace

TEST_CASE("endpoint accepts a base with or without /v1") {
  CHECK(openai::chat_completions_url("http://h:8080") == "http://h:8080/v1/chat/completions");
  CHECK(openai::chat_completions_url("http://h:8080/") == "http://h:8080/v1/chat/completions");
  CHECK(openai::chat_completions_url("https://api.openai.com/v1") == "https://api.openai.com/v1/chat/completions");
  CHECK(openai::chat_completions_url("http://h/v1/") == "http://h/v1/chat/completions");
}

TEST_CASE("success: system message, json_object mode, bearer key, content returned") {
  FakeLlmServer server(openai_mode());
  server.push(canned::openai_json({{"bot_response", "Hi"}, {"next_question", "Why Flask?"}}));
  auto r = client_for(server, "/v1").generate(turn_request());
  REQUIRE(r.ok());
  CHECK(nlohmann::json::parse(r->text)["next_question"] == "Why Flask?");
  CHECK(r->provider == "openai");
  CHECK(r->model == "qwen2.5-7b");
  auto sent = server.requests().at(0);
  CHECK(sent.path == "/v1/chat/completions");
  CHECK(sent.header("authorization") == std::optional<std::string>("Bearer sk-test-abcdefgh"));
  CHECK(sent.json["model"] == "qwen2.5-7b");
  CHECK(sent.json["messages"][0]["role"] == "system");
  CHECK(sent.json["messages"][0]["content"].get<std::string>().find("JSON") != std::string::npos);
  CHECK(sent.json["messages"][1]["role"] == "user");
  CHECK(sent.json["response_format"]["type"] == "json_object");
}

TEST_CASE("no key: no Authorization header (local servers)") {
  FakeLlmServer server(openai_mode());
  server.push(canned::openai_text("```json\n{\"next_question\":\"x?\"}\n```"));
  auto r = client_for(server, "", "").generate(turn_request());
  REQUIRE(r.ok());
  CHECK(r->text.find("```json") == 0);
  CHECK_FALSE(server.requests().at(0).header("authorization").has_value());
}

TEST_CASE("content filter and length are permanent") {
  FakeLlmServer server(openai_mode());
  server.push(canned::openai_text("", "content_filter"));
  server.push(canned::openai_text("{\"bot_", "length"));
  auto client = client_for(server);
  CHECK(client.generate(turn_request()).error().kind == ErrorKind::unprocessable);
  auto cut = client.generate(turn_request());
  CHECK(cut.error().kind == ErrorKind::unprocessable);
  CHECK(cut.error().message.find("length") != std::string::npos);
}

TEST_CASE("error bodies: invalid key, rate limit with Retry-After, 500, Ollama string error") {
  FakeLlmServer server(openai_mode());
  server.push(canned::openai_invalid_key());
  server.push(canned::openai_rate_limited(2));
  server.push(canned::openai_error(500, "server_error", "", "boom"));
  ScriptedReply ollama;
  ollama.status = 404;
  ollama.body = R"({"error":"model \"qwen2.5-7b\" not found, try pulling it first"})";
  server.push(ollama);
  server.push(canned::openai_error(429, "insufficient_quota", "insufficient_quota", "You exceeded your quota"));
  auto client = client_for(server);
  auto key = client.generate(turn_request());
  CHECK(key.error().kind == ErrorKind::internal);
  CHECK(key.error().message.find("OPENAI_API_KEY") != std::string::npos);
  CHECK(key.error().message.find("sk-test-abcdefgh") == std::string::npos);
  auto limited = client.generate(turn_request());
  CHECK(limited.error().kind == ErrorKind::unavailable);
  CHECK(limited.error().retry_after == milliseconds(2000));
  CHECK(client.generate(turn_request()).error().kind == ErrorKind::unavailable);
  auto missing = client.generate(turn_request());
  CHECK(missing.error().kind == ErrorKind::internal);
  CHECK(missing.error().message.find("not found") != std::string::npos);
  CHECK(client.generate(turn_request()).error().kind == ErrorKind::internal);
}

TEST_CASE("slow server hits the deadline; malformed body is transient") {
  FakeLlmServer server(openai_mode());
  server.push(canned::delayed(canned::openai_text("late"), milliseconds(3000)));
  server.push(canned::malformed());
  auto client = client_for(server);
  auto req = turn_request();
  req.deadline = milliseconds(250);
  CHECK(client.generate(req).error().kind == ErrorKind::timeout);
  auto bad = client.generate(turn_request());
  CHECK(bad.error().kind == ErrorKind::unavailable);
}

TEST_CASE("the fake's default OpenAI reply is a valid interview turn") {
  FakeLlmServer server(openai_mode());
  auto r = client_for(server).generate(turn_request());
  REQUIRE(r.ok());
  auto j = nlohmann::json::parse(r->text);
  CHECK(j["bot_response"].is_string());
  CHECK(j["next_question"].is_string());
}
