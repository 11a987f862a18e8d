#include <doctest/doctest.h>

#include "core/llm/reply_parser.hpp"

using interview::llm::is_question_like;
using interview::llm::parse_turn_reply;

TEST_CASE("structured JSON reply") {
  auto t = parse_turn_reply(R"({"bot_response": "Nice.", "next_question": "Why React?"})");
  REQUIRE(t);
  CHECK(t->bot_response == "Nice.");
  CHECK(t->next_question == "Why React?");
}

TEST_CASE("JSON in code fences and with prose around it, any key casing") {
  auto fenced = parse_turn_reply("```json\n{\"Bot_Response\": \"Good\", \"NextQuestion\": \"How?\"}\n```");
  REQUIRE(fenced);
  CHECK(fenced->bot_response == "Good");
  CHECK(fenced->next_question == "How?");
  auto prose = parse_turn_reply(
      "Sure! Here is my reply:\n{\"bot_response\": \"Thanks {really}\", \"next_question\": \"What about Django?\"}\nHope it helps.");
  REQUIRE(prose);
  CHECK(prose->bot_response == "Thanks {really}");
  CHECK(prose->next_question == "What about Django?");
  auto doubled = parse_turn_reply(R"("{\"bot_response\":\"A\",\"next_question\":\"B?\"}")");
  REQUIRE(doubled);
  CHECK(doubled->next_question == "B?");
}

TEST_CASE("label form, case-insensitive, multi-line values, markdown bold") {
  auto t = parse_turn_reply(
      "BOT_RESPONSE: Thanks for explaining.\nThat was clear.\n\nNEXT_QUESTION: How did you scale it?\nAnd why?");
  REQUIRE(t);
  CHECK(t->bot_response == "Thanks for explaining.\nThat was clear.");
  CHECK(t->next_question == "How did you scale it?\nAnd why?");
  auto lower = parse_turn_reply("bot response: ok\nnext question: What next?");
  REQUIRE(lower);
  CHECK(lower->bot_response == "ok");
  CHECK(lower->next_question == "What next?");
  auto bold = parse_turn_reply("**BOT_RESPONSE:** Great answer.\n**NEXT_QUESTION:** Tell me about Cloud Run.");
  REQUIRE(bold);
  CHECK(bold->bot_response == "Great answer.");
  CHECK(bold->next_question == "Tell me about Cloud Run.");
}

TEST_CASE("no labels: the last question-like sentence is the question") {
  auto t = parse_turn_reply("That makes sense. You clearly know React. How would you migrate it to Next.js? Take your time.");
  REQUIRE(t);
  CHECK(t->next_question == "How would you migrate it to Next.js?");
  CHECK(t->bot_response == "That makes sense. You clearly know React.");
  auto imperative = parse_turn_reply("Thanks. Describe your favourite deployment pipeline.");
  REQUIRE(imperative);
  CHECK(imperative->next_question == "Describe your favourite deployment pipeline.");
  CHECK(imperative->bot_response == "Thanks.");
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
