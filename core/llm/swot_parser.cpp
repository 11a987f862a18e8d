#include "core/llm/swot_parser.hpp"

#include <array>
#include <cctype>

#include "core/llm/json_extract.hpp"
#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {

enum Section { strengths, weaknesses, opportunities, threats, none };

Section section_of(std::string_view raw_key) {
  std::string k = normalize_key(raw_key);
  if (k == "strengths" || k == "strength") return strengths;
  if (k == "weaknesses" || k == "weakness") return weaknesses;
  if (k == "opportunities" || k == "opportunity") return opportunities;
  if (k == "threats" || k == "threat") return threats;
  return none;
}

std::vector<std::string>& list_of(SwotAnalysis& swot, Section s) {
  switch (s) {
    case strengths: return swot.strengths;
    case weaknesses: return swot.weaknesses;
    case opportunities: return swot.opportunities;
    default: return swot.threats;
  }
}

// One list item as text: strings as they are, objects by their first string
// field ("point", "text", ...), numbers dumped.
std::string item_text(const nlohmann::json& v) {
  if (v.is_string()) return text::trim(v.get<std::string>());
  if (v.is_object()) {
    for (const auto& [key, inner] : v.items()) {
      if (inner.is_string()) return text::trim(inner.get<std::string>());
    }
    return {};
  }
  if (v.is_null()) return {};
  return v.dump();
}

std::vector<std::string> to_list(const nlohmann::json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const auto& item : v) {
      auto s = item_text(item);
      if (!s.empty()) out.push_back(s);
    }
  } else {
    auto s = item_text(v);
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

std::optional<SwotAnalysis> from_json(const nlohmann::json& obj, int depth = 0) {
  SwotAnalysis swot;
  std::array<bool, 4> seen{};
  for (const auto& [key, value] : obj.items()) {
    Section s = section_of(key);
    if (s == none) continue;
    list_of(swot, s) = to_list(value);
    seen[s] = true;
  }
  if (seen[0] && seen[1] && seen[2] && seen[3]) return swot;
  if (depth == 0) {
    // {"swot": {...}} / {"swot_analysis": {...}} / {"analysis": {...}}
    for (const auto& [key, value] : obj.items()) {
      if (value.is_object()) {
        if (auto inner = from_json(value, depth + 1)) return inner;
      }
    }
  }
  return std::nullopt;
}

// "## Strengths" / "**Strengths:**" headings with "- item" lines below.
std::optional<SwotAnalysis> from_markdown(std::string_view text) {
  SwotAnalysis swot;
  std::array<bool, 4> seen{};
  Section current = none;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = text::trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    // A heading is a short line whose letters spell a section name, maybe
    // followed by ':' and inline content.
    std::string head = line;
    std::string rest;
    if (auto colon = line.find(':'); colon != std::string::npos) {
      head = line.substr(0, colon);
      rest = text::trim(std::string_view(line).substr(colon + 1));
    }
    bool bullet = line.size() > 1 && (line[0] == '-' || line[0] == '+' || line[0] == '*') &&
                  line[1] == ' ';
    Section s = bullet ? none : section_of(head);
    if (s != none) {
      current = s;
      seen[s] = true;
      while (!rest.empty() && (rest.front() == '*' || rest.front() == '_')) rest.erase(0, 1);
      rest = text::trim(rest);
      if (!rest.empty()) list_of(swot, s).push_back(rest);
      continue;
    }
    if (current == none) continue;
    std::size_t i = 0;
    while (i < line.size() && (line[i] == '-' || line[i] == '*' || line[i] == '+' ||
                               line[i] == ' ' || std::isdigit(static_cast<unsigned char>(line[i])) ||
                               (line[i] == '.' && i > 0))) {
      ++i;
    }
    std::string item = text::trim(std::string_view(line).substr(i));
    if (!item.empty()) list_of(swot, current).push_back(item);
  }
  if (seen[0] && seen[1] && seen[2] && seen[3]) return swot;
  return std::nullopt;
}

bool has_content(const SwotAnalysis& s) {
  return !s.strengths.empty() || !s.weaknesses.empty() || !s.opportunities.empty() ||
         !s.threats.empty();
}

}  // namespace

std::optional<SwotAnalysis> parse_swot_reply(std::string_view text) {
  if (auto obj = extract_json_object(text)) {
    if (auto swot = from_json(*obj); swot && has_content(*swot)) return swot;
  }
  if (auto swot = from_markdown(strip_code_fences(text)); swot && has_content(*swot)) return swot;
  return std::nullopt;
}

SwotAnalysis make_fallback_swot() {
  const std::string note =
      "Automatic analysis could not be generated for this interview; please review the "
      "transcript manually.";
  SwotAnalysis swot;
  swot.strengths = {note};
  swot.weaknesses = {note};
  swot.opportunities = {note};
  swot.threats = {note};
  swot.fallback = true;
  return swot;
}

}  // namespace interview::llm
