#pragma once
// Turning a model's text into the (bot_response, next_question) pair.
// Accepted forms, tried in order:
//   1. a JSON object (bare, in ``` fences, with prose around it, key casing free)
//   2. "BOT_RESPONSE: ... NEXT_QUESTION: ..." labels (case-insensitive,
//      multi-line values, markdown bold tolerated)
//   3. plain prose: the last question-like sentence is the question, the
//      text before it the reaction
#include <optional>
#include <string>
#include <string_view>

namespace interview::llm {

struct ParsedTurn {
  std::string bot_response;
  std::string next_question;
};

// nullopt when no usable next_question could be found.
std::optional<ParsedTurn> parse_turn_reply(std::string_view text);

// True for sentences that ask something: end in '?' or open with an
// interviewer's prompt ("Tell me", "Describe", "How", ...).
bool is_question_like(std::string_view sentence);

}  // namespace interview::llm
