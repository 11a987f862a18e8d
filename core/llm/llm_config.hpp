#pragma once
// Model-provider options. app/settings.cpp fills them from these variables
// (this library never reads the environment):
//
//   LLM_PROVIDER        gemini | openai | offline
//                       (default: gemini when GEMINI_API_KEY is set, else offline)
//   GEMINI_API_KEY      secret; required for gemini
//   GEMINI_MODEL        default gemini-flash-latest
//   GEMINI_BASE_URL     default https://generativelanguage.googleapis.com
//   GEMINI_TIMEOUT_MS   per call, default 15000
//   OPENAI_BASE_URL     required for openai (with or without a trailing /v1)
//   OPENAI_API_KEY      optional (local servers need none)
//   OPENAI_MODEL        required for openai
//   OPENAI_TIMEOUT_MS   per call, default 60000 (local models are slower)
//   LLM_RETRY_BUDGET_MS total retry budget, default 12000 (0 = no retries)
//   INTERVIEW_ROLE      default "Full Stack Cloud Engineer"
//   INTERVIEW_FOCUS     comma-separated, default "Next.js, React, FastAPI, Flask,
//                       Django, Google Cloud"
#include <chrono>
#include <string>

#include "core/llm/interview_profile.hpp"
#include "core/result.hpp"

namespace interview::llm {

enum class Provider { gemini, openai, offline };
std::string to_string(Provider provider);

struct LlmConfig {
  Provider provider = Provider::offline;
  std::string gemini_api_key;
  std::string gemini_model = "gemini-flash-latest";
  std::string gemini_base_url = "https://generativelanguage.googleapis.com";
  std::chrono::milliseconds gemini_timeout{15000};
  std::string openai_base_url;
  std::string openai_api_key;
  std::string openai_model;
  std::chrono::milliseconds openai_timeout{60000};
  std::chrono::milliseconds retry_budget{12000};
  InterviewProfile profile;

  // A one-line summary, API keys masked (the start-up log prints
  // app/settings.cpp's whole list instead).
  std::string describe() const;
};

// "AIza...1234" -> "***1234" (short keys fully hidden); "" -> "(unset)".
std::string mask_secret(const std::string& secret);

}  // namespace interview::llm
