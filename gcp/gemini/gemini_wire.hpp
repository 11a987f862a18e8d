#pragma once
// Gemini generateContent wire format, as pure functions (no I/O): the request
// body, and the mapping of a response (success envelope or failure shape) to
// text or an Error that follows the LlmClient error contract.
#include <string>

#include <nlohmann/json.hpp>

#include "core/llm/llm_client.hpp"
#include "core/result.hpp"
#include "net/http_client.hpp"

namespace interview::gemini {

// {systemInstruction, contents[], generationConfig{temperature,
// responseMimeType, responseSchema}}.
nlohmann::json build_request_body(const llm::LlmRequest& request);

// 200: text of candidates[0] (text parts concatenated, thought parts
// skipped). Failures:
//   promptFeedback.blockReason, finishReason SAFETY/RECITATION/BLOCKLIST/
//   PROHIBITED_CONTENT/SPII/LANGUAGE/IMAGE_SAFETY, MAX_TOKENS -> unprocessable
//   no candidates / empty text / malformed body / OTHER         -> unavailable
//   429, 500, 502, 503                                          -> unavailable (+retry_after)
//   504                                                         -> timeout
//   400/401/403/404 and other 4xx (invalid key, unknown model)  -> internal
Result<std::string> parse_response(const net::HttpResponse& response);

}  // namespace interview::gemini
