#pragma once
// LlmClient over an OpenAI-compatible chat completions endpoint, so the
// service can run on OpenAI, llama.cpp server, Ollama or vLLM.
#include <chrono>
#include <string>

#include "core/llm/llm_client.hpp"

namespace interview::openai {

struct OpenAiOptions {
  std::string base_url;  // e.g. http://127.0.0.1:8080 or https://api.openai.com/v1
  std::string api_key;   // optional: sent as a Bearer token when set
  std::string model;
  std::chrono::milliseconds timeout{60000};  // upper bound per call
};

class OpenAiClient : public llm::LlmClient {
 public:
  explicit OpenAiClient(OpenAiOptions options);
  Result<llm::LlmReply> generate(const llm::LlmRequest& request) override;
  std::string provider() const override { return "openai"; }
  std::string model() const override { return options_.model; }
  std::string endpoint() const { return endpoint_; }

 private:
  OpenAiOptions options_;
  std::string endpoint_;
};

}  // namespace interview::openai
