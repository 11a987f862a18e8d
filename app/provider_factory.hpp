#pragma once
// Builds the configured Interviewer (and the LlmClient behind it) from
// LlmConfig: gemini / openai -> ModelInterviewer over RetryingLlmClient over
// the HTTP adapter; offline -> OfflineInterviewer. Lives in its own target
// (interview_llm_providers) because it pulls in the HTTP adapters.
#include <memory>

#include "core/llm/interviewer.hpp"
#include "core/llm/llm_client.hpp"
#include "core/llm/llm_config.hpp"
#include "net/retrying_llm_client.hpp"
#include "core/result.hpp"

namespace interview::llm {

// The retry-wrapped model client; Error{bad_request} for the offline provider
// (it has no model client).
Result<std::shared_ptr<LlmClient>> make_llm_client(const LlmConfig& config, RetryHooks hooks = {});

// The interviewer the actors share (stateless, thread-safe).
Result<std::shared_ptr<Interviewer>> make_interviewer(const LlmConfig& config, RetryHooks hooks = {});

}  // namespace interview::llm
