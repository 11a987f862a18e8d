#pragma once
// The Interviewer backed by a model: prompts (prompts.hpp) + any LlmClient
// (usually a RetryingLlmClient around Gemini or an OpenAI-compatible server)
// + parsing (reply_parser.hpp, swot_parser.hpp).
#include <chrono>
#include <memory>

#include "core/llm/interview_profile.hpp"
#include "core/llm/interviewer.hpp"
#include "core/llm/llm_client.hpp"

namespace interview::llm {

class ModelInterviewer : public Interviewer {
 public:
  // deadline: per model call (each HTTP attempt).
  ModelInterviewer(std::shared_ptr<LlmClient> client, InterviewProfile profile,
                   std::chrono::milliseconds deadline = std::chrono::milliseconds(15000));

  // A reply without a usable question is asked for once more; then
  // Error{unavailable}. Model errors are passed on (never a made-up reply).
  Result<InterviewTurn> opening(const InterviewContext& context) override;
  Result<InterviewTurn> next_turn(const InterviewContext& context) override;
  // Unparseable output is asked for once more, then the marked fallback
  // (make_fallback_swot(), fallback = true) is returned. Model errors are
  // passed on: the caller may retry later or store make_fallback_swot().
  Result<SwotAnalysis> swot(const InterviewContext& context) override;

 private:
  Result<InterviewTurn> turn(LlmRequest request, const char* step);

  std::shared_ptr<LlmClient> client_;
  InterviewProfile profile_;
  std::chrono::milliseconds deadline_;
};

}  // namespace interview::llm
