#pragma once
// LlmClient over Gemini's generateContent REST API:
//   POST {base_url}/v1beta/models/{model}:generateContent
// with the key in the x-goog-api-key header (never in the URL, never logged).
// The HTTP call itself is net::JsonModelClient's, shared with openai/.
#include <chrono>
#include <string>

#include "net/model_client.hpp"

namespace interview::gemini {

struct GeminiOptions {
  std::string api_key;
  std::string model = "gemini-flash-latest";
  std::string base_url = "https://generativelanguage.googleapis.com";
  // Upper bound per call; a request's own (shorter) deadline wins.
  std::chrono::milliseconds timeout{15000};
};

class GeminiClient : public net::JsonModelClient {
 public:
  explicit GeminiClient(GeminiOptions options);
};

}  // namespace interview::gemini
