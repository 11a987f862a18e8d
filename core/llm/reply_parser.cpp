#include "core/llm/reply_parser.hpp"

#include <array>
#include <regex>

#include "core/llm/json_extract.hpp"
#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {

// Strips markdown emphasis and quotes models put around label values.
std::string clean_value(std::string_view v) {
  std::string s = text::trim(v);
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view wrap : {"**", "__", "\"", "*", "`"}) {
      if (s.size() >= 2 * wrap.size() && s.compare(0, wrap.size(), wrap) == 0 &&
          s.compare(s.size() - wrap.size(), wrap.size(), wrap) == 0) {
        s = text::trim(std::string_view(s).substr(wrap.size(), s.size() - 2 * wrap.size()));
        changed = true;
      }
    }
    // A leftover "**" from "**BOT_RESPONSE:** text".
    for (std::string_view lead : {"**", "__"}) {
      if (s.compare(0, lead.size(), lead) == 0) {
        s = text::trim(std::string_view(s).substr(lead.size()));
        changed = true;
      }
    }
  }
  return s;
}

std::string json_string(const nlohmann::json& v) {
  if (v.is_string()) return text::trim(v.get<std::string>());
  if (v.is_null()) return {};
  return v.dump();
}

std::optional<ParsedTurn> from_json(const nlohmann::json& obj) {
  ParsedTurn turn;
  bool has_question = false;
  for (const auto& [key, value] : obj.items()) {
    std::string k = normalize_key(key);
    if (k == "botresponse" || k == "response" || k == "reply" || k == "reaction" ||
        k == "feedback") {
      turn.bot_response = json_string(value);
    } else if (k == "nextquestion" || k == "question") {
      turn.next_question = json_string(value);
      has_question = true;
    } else if (value.is_object()) {
      // {"reply": {"bot_response": ..., "next_question": ...}}
      if (auto inner = from_json(value)) return inner;
    }
  }
  if (!has_question || turn.next_question.empty()) return std::nullopt;
  return turn;
}

std::optional<ParsedTurn> from_labels(std::string_view text) {
  static const std::regex label(
      R"((?:^|[\s*_#>])(bot[ _-]?response|next[ _-]?question)\s*[*_]*\s*:)",
      std::regex::icase | std::regex::ECMAScript);
  std::string s(text);
  struct Hit { bool question; std::size_t label_start, value_start; };
  std::vector<Hit> hits;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), label); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    bool question = text::to_lower(m.str(1)).rfind("next", 0) == 0;
    hits.push_back({question, static_cast<std::size_t>(m.position(1)),
                     static_cast<std::size_t>(m.position(0) + m.length(0))});
  }
  if (hits.empty()) return std::nullopt;
  ParsedTurn turn;
  bool has_question = false;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    std::size_t end = i + 1 < hits.size() ? hits[i + 1].label_start : s.size();
    std::string value = clean_value(std::string_view(s).substr(hits[i].value_start, end - hits[i].value_start));
    // Drop markdown leftovers that belonged to the next label ("**").
    while (!value.empty() && (value.back() == '*' || value.back() == '_' || value.back() == '#')) {
      value.pop_back();
    }
    value = text::trim(value);
    if (hits[i].question) {
      if (!has_question) turn.next_question = value;
      has_question = true;
    } else if (turn.bot_response.empty()) {
      turn.bot_response = value;
    }
  }
  if (turn.next_question.empty()) return std::nullopt;
  return turn;
}

std::optional<ParsedTurn> from_prose(std::string_view text) {
  auto sentences = text::split_sentences(text);
  for (std::size_t i = sentences.size(); i-- > 0;) {
    if (!is_question_like(sentences[i])) continue;
    ParsedTurn turn;
    turn.next_question = clean_value(sentences[i]);
    for (std::size_t k = 0; k < i; ++k) {
      if (!turn.bot_response.empty()) turn.bot_response += ' ';
      turn.bot_response += clean_value(sentences[k]);
    }
    return turn;
  }
  return std::nullopt;
}

}  // namespace

bool is_question_like(std::string_view sentence) {
  std::string s = text::trim(sentence);
  if (s.empty()) return false;
  if (s.back() == '?') return true;
  static const std::array<std::string_view, 14> openers = {
      "tell me", "describe", "explain", "walk me through", "how ", "what ", "why ",
      "which ", "can you", "could you", "would you", "share ", "talk about", "give me"};
  std::string lower = text::to_lower(clean_value(s));
  for (auto opener : openers) {
    if (lower.rfind(opener, 0) == 0) return true;
  }
  return false;
}

std::optional<ParsedTurn> parse_turn_reply(std::string_view text) {
  if (text::trim(text).empty()) return std::nullopt;
  if (auto obj = extract_json_object(text)) {
    if (auto turn = from_json(*obj)) return turn;
  }
  std::string unfenced = strip_code_fences(text);
  if (auto turn = from_labels(unfenced)) return turn;
  return from_prose(unfenced);
}

}  // namespace interview::llm
