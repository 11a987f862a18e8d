#pragma once
// LlmClient over an OpenAI-compatible chat completions endpoint, so the
// service can run on OpenAI, llama.cpp server, Ollama or vLLM. The HTTP call
// itself is net::JsonModelClient's, shared with gcp/gemini.
#include <chrono>
#include <string>

#include "net/model_client.hpp"

namespace interview::openai {

struct OpenAiOptions {
  std::string base_url;  // e.g. http://127.0.0.1:8080 or https://api.openai.com/v1
  std::string api_key;   // optional: sent as a Bearer token when set
  std::string model;
  std::chrono::milliseconds timeout{60000};  // upper bound per call
};

class OpenAiClient : public net::JsonModelClient {
 public:
  explicit OpenAiClient(OpenAiOptions options);
};

}  // namespace interview::openai
