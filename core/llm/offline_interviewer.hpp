#pragma once
// The interviewer for a machine without a model: rule-based, deterministic
// given its input, and labelled as such (provider "offline", model
// "rule-based-v1"). Questions come from the technologies found in the resume
// and answers (tech_catalog.hpp), breadth first, never repeating one already
// in the history; the SWOT is derived from what the resume and answers covered.
#include "core/llm/interview_profile.hpp"
#include "core/llm/interviewer.hpp"

namespace interview::llm {

class OfflineInterviewer : public Interviewer {
 public:
  static constexpr const char* kProvider = "offline";
  static constexpr const char* kModel = "rule-based-v1";

  explicit OfflineInterviewer(InterviewProfile profile = {});

  Result<InterviewTurn> opening(const InterviewContext& context) override;
  Result<InterviewTurn> next_turn(const InterviewContext& context) override;
  Result<SwotAnalysis> swot(const InterviewContext& context) override;

 private:
  std::string choose_question(const InterviewContext& context) const;
  std::string acknowledge(const std::string& answer) const;

  InterviewProfile profile_;
};

}  // namespace interview::llm
