#pragma once
// OpenAI-compatible chat completions wire format (OpenAI, llama.cpp server,
// Ollama, vLLM), as pure functions: request body, endpoint and the mapping of
// responses to text or an Error following the LlmClient error contract.
#include <string>

#include <nlohmann/json.hpp>

#include "core/llm/llm_client.hpp"
#include "core/result.hpp"
#include "net/http_client.hpp"

namespace interview::openai {

// {base}/v1/chat/completions; a base already ending in /v1 is not doubled.
std::string chat_completions_url(std::string base_url);

// {model, messages[system, user/assistant...], temperature,
//  response_format {"type": "json_object"} when a schema is requested}.
nlohmann::json build_request_body(const llm::LlmRequest& request, const std::string& model);

// 200: choices[0].message.content. Failures:
//   finish_reason length / content_filter, a refusal      -> unprocessable
//   malformed body, no choices, empty content             -> unavailable
//   429 (+Retry-After), 5xx                               -> unavailable (408/504: timeout)
//   429 insufficient_quota, 401/403/404/other 4xx         -> internal
// Error bodies: {"error": {"message", "type", "code"}} or {"error": "text"}.
Result<std::string> parse_response(const net::HttpResponse& response);

}  // namespace interview::openai
