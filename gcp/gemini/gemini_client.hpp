#pragma once
// LlmClient over Gemini's generateContent REST API:
//   POST {base_url}/v1beta/models/{model}:generateContent
// with the key in the x-goog-api-key header (never in the URL, never logged).
#include <chrono>
#include <string>

#include "core/llm/llm_client.hpp"

namespace interview::gemini {

struct GeminiOptions {
  std::string api_key;
  std::string model = "gemini-flash-latest";
  std::string base_url = "https://generativelanguage.googleapis.com";
  // Upper bound per call; a request's own (shorter) deadline wins.
  std::chrono::milliseconds timeout{15000};
};

class GeminiClient : public llm::LlmClient {
 public:
  explicit GeminiClient(GeminiOptions options);
  Result<llm::LlmReply> generate(const llm::LlmRequest& request) override;
  std::string provider() const override { return "gemini"; }
  std::string model() const override { return options_.model; }
  std::string endpoint() const { return endpoint_; }

 private:
  GeminiOptions options_;
  std::string endpoint_;
};

}  // namespace interview::gemini
