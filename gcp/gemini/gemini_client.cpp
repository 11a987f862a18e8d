#include "gcp/gemini/gemini_client.hpp"

#include <algorithm>

#include "gcp/gemini/gemini_wire.hpp"
#include "net/http_client.hpp"

namespace interview::gemini {

GeminiClient::GeminiClient(GeminiOptions options) : options_(std::move(options)) {
  std::string base = options_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string model = options_.model;
  if (model.rfind("models/", 0) == 0) model = model.substr(7);
  options_.model = model;
  endpoint_ = base + "/v1beta/models/" + model + ":generateContent";
}

Result<llm::LlmReply> GeminiClient::generate(const llm::LlmRequest& request) {
  net::HttpRequest http;
  http.method = "POST";
  http.url = endpoint_;
  http.headers = {{"Content-Type", "application/json"},
                  {"Accept", "application/json"},
                  {"x-goog-api-key", options_.api_key}};
  // Invalid UTF-8 from a resume becomes U+FFFD instead of throwing.
  http.body = build_request_body(request).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  http.timeout = std::min(request.deadline, options_.timeout);

  auto response = net::perform(http);
  if (!response.ok()) {
    Error e = response.error();
    e.message = "Gemini " + e.message;
    return e;
  }
  auto text = parse_response(*response);
  if (!text.ok()) return text.error();
  return llm::LlmReply{std::move(*text), provider(), options_.model};
}

}  // namespace interview::gemini
