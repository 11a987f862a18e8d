#pragma once
// The LlmClient port: one text generation call against some model provider.
// Adapters (gcp/gemini, openai/) implement it over HTTP; RetryingLlmClient
// decorates any of them.
//
// Error contract every implementation follows, so retries can be decided
// without knowing the provider:
//   unavailable / timeout  -> transient (429, 5xx, transport, malformed body):
//                             worth retrying; retry_after set when asked to wait
//   unprocessable          -> the provider refused the content (safety block,
//                             recitation, truncated output): never retried
//   internal / bad_request -> misconfiguration (invalid key, unknown model,
//                             rejected request): never retried
// Implementations must be safe to call from several threads at once.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace interview::llm {

struct LlmMessage {
  enum class Role { user, model } role = Role::user;
  std::string text;
};

struct LlmRequest {
  std::string system_instruction;
  std::vector<LlmMessage> messages;
  // When set the provider is asked for JSON output matching this schema
  // (Gemini responseSchema; OpenAI-compatible servers get json_object mode).
  std::optional<nlohmann::json> response_schema;
  double temperature = 0.7;
  // Deadline of one attempt (one HTTP call).
  std::chrono::milliseconds deadline{20000};
};

struct LlmReply {
  std::string text;
  std::string provider;
  std::string model;
};

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  virtual Result<LlmReply> generate(const LlmRequest& request) = 0;
  virtual std::string provider() const = 0;
  virtual std::string model() const = 0;
};

// True for the error kinds the contract above calls transient.
inline bool is_transient(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::timeout;
}

}  // namespace interview::llm
