#include <doctest/doctest.h>

#include <string>

#include "core/llm/reply_parser.hpp"

using interview::llm::is_question_like;
using interview::llm::parse_turn_reply;

namespace {

// `text` parses into this reaction and this question.
void check_reply(const std::string& text, const std::string& bot_response, const std::string& next_question) {
  INFO("reply: " << text);
  auto t = parse_turn_reply(text);
  REQUIRE(t);
  CHECK(t->bot_response == bot_response);
  CHECK(t->next_question == next_question);
}

}  // namespace

TEST_CASE("structured JSON reply") {
  check_reply(R"({"bot_response": "Nice.", "next_question": "Why React?"})",
              "Nice.", "Why React?");
}

TEST_CASE("JSON in code fences and with prose around it, any key casing") {
  check_reply("```json\n{\"Bot_Response\": \"Good\", \"NextQuestion\": \"How?\"}\n```",
              "Good", "How?");
  check_reply("Sure! Here is my reply:\n{\"bot_response\": \"Thanks {really}\", \"next_question\": \"What about Django?\"}\nHope it helps.",
              "Thanks {really}", "What about Django?");
  auto doubled = parse_turn_reply(R"("{\"bot_response\":\"A\",\"next_question\":\"B?\"}")");
  REQUIRE(doubled);
  CHECK(doubled->next_question == "B?");
}

TEST_CASE("label form, case-insensitive, multi-line values, markdown bold") {
  check_reply("BOT_RESPONSE: Thanks for explaining.\nThat was clear.\n\nNEXT_QUESTION: How did you scale it?\nAnd why?",
              "Thanks for explaining.\nThat was clear.", "How did you scale it?\nAnd why?");
  check_reply("bot response: ok\nnext question: What next?",
              "ok", "What next?");
  check_reply("**BOT_RESPONSE:** Great answer.\n**NEXT_QUESTION:** Tell me about Cloud Run.",
              "Great answer.", "Tell me about Cloud Run.");
}

TEST_CASE("no labels: the last question-like sentence is the question") {
  check_reply("That makes sense. You clearly know React. How would you migrate it to Next.js? Take your time.",
              "That makes sense. You clearly know React.", "How would you migrate it to Next.js?");
  check_reply("Thanks. Describe your favourite deployment pipeline.",
              "Thanks.", "Describe your favourite deployment pipeline.");
}

TEST_CASE("unusable replies are reported, not invented") {
  CHECK_FALSE(parse_turn_reply(""));
  CHECK_FALSE(parse_turn_reply("   \n "));
  CHECK_FALSE(parse_turn_reply("I appreciate that. Good luck."));
  CHECK_FALSE(parse_turn_reply(R"({"bot_response": "only a reaction"})"));
  CHECK_FALSE(parse_turn_reply(R"({"bot_response": "x", "next_question": ""})"));
}

TEST_CASE("question-like detection") {
  CHECK(is_question_like("Why?"));
  CHECK(is_question_like("Walk me through your CI setup."));
  CHECK_FALSE(is_question_like("Thanks for that."));
}
