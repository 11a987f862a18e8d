#pragma once
// Technologies the offline interviewer recognises in resumes and answers,
// each with subjective discussion questions (never coding or SQL tasks).
#include <string>
#include <string_view>
#include <vector>

namespace interview::llm {

struct Topic {
  std::string name;                  // display name, e.g. "Next.js"
  std::vector<std::string> aliases;  // lower-case keywords, matched on word boundaries
  std::vector<std::string> questions;
};

// The built-in technology topics, in a fixed order.
const std::vector<Topic>& tech_catalog();

// Role-agnostic questions (experience, debugging, teamwork, growth).
Topic general_topic(const std::string& role);

// A topic for a focus item: the catalog entry when one matches, otherwise
// templated questions about that item.
Topic focus_topic(const std::string& focus_item);

// A topic for a focus technology the candidate has not shown: asks how their
// experience transfers rather than assuming experience.
Topic transfer_topic(const Topic& missing, const std::string& role);

// True when any alias occurs in text as a whole word (case-insensitive).
bool mentions(std::string_view text, const Topic& topic);

}  // namespace interview::llm
