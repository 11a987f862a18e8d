#pragma once
// The Interviewer port the actors call: one blocking call per interview step.
// Implementations: ModelInterviewer (prompts + any LlmClient + parsing) and
// OfflineInterviewer (rule-based, no model). Both are stateless and safe to
// call from several threads at once.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace interview::llm {

struct HistoryEntry {
  std::string role;      // "bot" | "user"
  std::string message;   // bot: its reaction text; user: the answer
  std::string question;  // bot entries: the question asked
};

struct InterviewContext {
  std::string candidate_name;
  std::string resume_text;
  // Everything said so far, oldest first (as stored in interview_history).
  std::vector<HistoryEntry> history;
  // The answer next_turn() reacts to. It may or may not already be the last
  // "user" entry of history; it is not counted twice.
  std::string last_answer;
};

struct InterviewTurn {
  std::string bot_response;
  std::string next_question;
  std::string provider;
  std::string model;
};

struct SwotAnalysis {
  std::vector<std::string> strengths, weaknesses, opportunities, threats;
  bool fallback = false;  // true: the marked minimal analysis, not a real one
  std::string provider, model;
};

// Exactly the four lists (the stored `swot_analysis` map and the API shape).
nlohmann::json to_json(const SwotAnalysis& swot);

class Interviewer {
 public:
  virtual ~Interviewer() = default;
  virtual Result<InterviewTurn> opening(const InterviewContext& context) = 0;
  virtual Result<InterviewTurn> next_turn(const InterviewContext& context) = 0;
  virtual Result<SwotAnalysis> swot(const InterviewContext& context) = 0;
};

}  // namespace interview::llm
