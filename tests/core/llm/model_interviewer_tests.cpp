#include <doctest/doctest.h>

#include "core/llm/model_interviewer.hpp"
#include "tests/core/llm/scripted_llm_client.hpp"

using namespace interview;
using namespace interview::llm;

namespace {
struct ScriptedClient : interview::testing::ScriptedLlmClient {
  ScriptedClient() : ScriptedLlmClient("gemini", "gemini-flash-latest") {}
};
LlmReply reply(const std::string& text) { return LlmReply{text, "gemini", "gemini-flash-latest"}; }

InterviewContext context() {
  InterviewContext ctx;
  ctx.candidate_name = "Sam";
  ctx.resume_text = "Django developer";
  ctx.history = {{"bot", "Hi Sam", "Tell me about Django?"}, {"user", "I built an app.", ""}};
  ctx.last_answer = "I built an app.";
  return ctx;
}
}  // namespace

TEST_CASE("a turn uses the prompts, the configured deadline and the parsed reply") {
  auto client = std::make_shared<ScriptedClient>();
  client->script = {reply(R"({"bot_response":"Nice.","next_question":"How did you deploy it?"})")};
  ModelInterviewer bot(client, InterviewProfile{}, std::chrono::milliseconds(1234));
  auto t = bot.next_turn(context());
  REQUIRE(t.ok());
  CHECK(t->bot_response == "Nice.");
  CHECK(t->next_question == "How did you deploy it?");
  CHECK(t->provider == "gemini");
  CHECK(t->model == "gemini-flash-latest");
  REQUIRE(client->seen.size() == 1);
  CHECK(client->seen[0].deadline == std::chrono::milliseconds(1234));
  CHECK(client->seen[0].system_instruction.find("Full Stack Cloud Engineer") != std::string::npos);
  CHECK(client->seen[0].messages[0].text.find("<latest_answer>") != std::string::npos);
}

TEST_CASE("an unusable turn reply is asked for once more, then an unavailable error") {
  auto client = std::make_shared<ScriptedClient>();
  client->script = {reply("Sorry, I cannot help with that."),
                    reply("BOT_RESPONSE: ok\nNEXT_QUESTION: What did you learn?")};
  ModelInterviewer bot(client, InterviewProfile{});
  auto t = bot.opening(context());
  REQUIRE(t.ok());
  CHECK(t->next_question == "What did you learn?");

  client->script = {reply("Fine."), reply("Fine.")};
  auto bad = bot.next_turn(context());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::unavailable);
  CHECK(bad.error().message.find("no usable") != std::string::npos);
}

TEST_CASE("model errors are passed on, never replaced by a made-up reply") {
  auto client = std::make_shared<ScriptedClient>();
  client->script = {Error{ErrorKind::unprocessable, "blocked"}};
  ModelInterviewer bot(client, InterviewProfile{});
  auto t = bot.next_turn(context());
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().kind == ErrorKind::unprocessable);
  CHECK(client->script.empty());

  client->script = {Error{ErrorKind::unavailable, "down"}};
  auto s = bot.swot(context());
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().kind == ErrorKind::unavailable);
}

TEST_CASE("SWOT: parsed, retried once when unparseable, then the marked fallback") {
  auto client = std::make_shared<ScriptedClient>();
  const char* good = R"({"strengths":["a"],"weaknesses":["b"],"opportunities":["c"],"threats":["d"]})";
  client->script = {reply(good)};
  ModelInterviewer bot(client, InterviewProfile{});
  auto s = bot.swot(context());
  REQUIRE(s.ok());
  CHECK(s->strengths == std::vector<std::string>{"a"});
  CHECK_FALSE(s->fallback);
  CHECK(client->seen.back().response_schema->at("properties").contains("threats"));

  client->script = {reply("no json here"), reply(good)};
  auto retried = bot.swot(context());
  REQUIRE(retried.ok());
  CHECK_FALSE(retried->fallback);
  CHECK(client->script.empty());

  client->script = {reply("no json here"), reply("{\"raw\": \"still not\"}")};
  auto fallback = bot.swot(context());
  REQUIRE(fallback.ok());
  CHECK(fallback->fallback);
  CHECK(fallback->strengths.size() == 1);
  CHECK(fallback->provider == "gemini");
}
