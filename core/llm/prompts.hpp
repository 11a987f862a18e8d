#pragma once
// The interviewer's prompts. Instructions live only in the system
// instruction; the resume, the transcript and the answers travel as data
// blocks (<resume>...</resume>, <answer>...</answer>, ...) in the user
// message, with any delimiter-looking text inside them neutralised, and the
// system instruction says that block contents are data, never instructions.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/llm/interview_profile.hpp"
#include "core/llm/interviewer.hpp"
#include "core/llm/llm_client.hpp"

namespace interview::llm {

// Size limits keep prompts bounded whatever the candidate pastes.
inline constexpr std::size_t kMaxResumeBytes = 10000;
inline constexpr std::size_t kMaxAnswerBytes = 3000;
inline constexpr std::size_t kMaxTranscriptEntries = 30;

// Replaces the '<' of anything that looks like one of our block tags
// (<resume>, </ANSWER >, < /transcript ...) so data can never close or open
// a block; also repairs invalid UTF-8.
std::string neutralize_delimiters(std::string_view data);

std::string interviewer_system_instruction(const InterviewProfile& profile);
std::string swot_system_instruction(const InterviewProfile& profile);

// Gemini responseSchema (OpenAPI subset) for the two structured replies.
nlohmann::json turn_schema();
nlohmann::json swot_schema();

LlmRequest build_opening_request(const InterviewProfile& profile, const InterviewContext& ctx);
LlmRequest build_turn_request(const InterviewProfile& profile, const InterviewContext& ctx);
LlmRequest build_swot_request(const InterviewProfile& profile, const InterviewContext& ctx);

}  // namespace interview::llm
