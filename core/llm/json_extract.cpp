#include "core/llm/json_extract.hpp"

#include <cctype>

#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {

std::optional<nlohmann::json> parse_object(std::string_view text, int depth = 0) {
  auto parsed = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  if (parsed.is_object()) return parsed;
  // Double-encoded: "{\"bot_response\": ...}".
  if (parsed.is_string() && depth == 0) return parse_object(parsed.get<std::string>(), 1);
  return std::nullopt;
}

// End index (inclusive) of the balanced object starting at text[start] == '{'.
std::optional<std::size_t> matching_brace(std::string_view text, std::size_t start) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{') ++depth;
    else if (c == '}' && --depth == 0) return i;
  }
  return std::nullopt;
}

}  // namespace

std::string strip_code_fences(std::string_view text) {
  auto open = text.find("```");
  if (open == std::string_view::npos) return std::string(text);
  auto line_end = text.find('\n', open + 3);
  if (line_end == std::string_view::npos) return std::string(text);
  auto close = text.find("```", line_end + 1);
  if (close == std::string_view::npos) return std::string(text);
  return text::trim(text.substr(line_end + 1, close - line_end - 1));
}

std::optional<nlohmann::json> extract_json_object(std::string_view raw) {
  std::string trimmed = text::trim(raw);
  if (auto whole = parse_object(trimmed)) return whole;
  std::string unfenced = strip_code_fences(trimmed);
  if (unfenced != trimmed) {
    if (auto fenced = parse_object(unfenced)) return fenced;
  }
  // Prose around it: try each balanced {...} in turn.
  for (const std::string* source : {&unfenced, &trimmed}) {
    std::string_view t = *source;
    for (std::size_t pos = t.find('{'); pos != std::string_view::npos; pos = t.find('{', pos + 1)) {
      auto end = matching_brace(t, pos);
      if (!end) continue;
      if (auto obj = parse_object(t.substr(pos, *end - pos + 1))) return obj;
    }
  }
  return std::nullopt;
}

std::string normalize_key(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace interview::llm
