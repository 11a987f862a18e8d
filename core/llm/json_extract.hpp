#pragma once
// Finding the JSON object inside a model's free text: models wrap it in
// ``` fences, add prose around it, or double-encode it as a JSON string.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace interview::llm {

// The inside of the first ``` fenced block (language tag dropped), or the
// whole text when there is no complete fence.
std::string strip_code_fences(std::string_view text);

// The first JSON object found in text (whole text, fenced block, or the first
// balanced {...} that parses). nullopt when there is none.
std::optional<nlohmann::json> extract_json_object(std::string_view text);

// Lower-case letters and digits only: "Next_Question", "nextQuestion" and
// "next-question" all become "nextquestion".
std::string normalize_key(std::string_view key);

}  // namespace interview::llm
