#include "gcp/gemini/gemini_client.hpp"

#include <utility>

#include "gcp/gemini/gemini_wire.hpp"

namespace interview::gemini {
namespace {

net::ModelEndpoint endpoint_of(GeminiOptions o) {
  std::string base = o.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string model = o.model;
  if (model.rfind("models/", 0) == 0) model = model.substr(7);  // "models/x" names model x
  net::ModelEndpoint e;
  e.provider = "gemini";
  e.who = "Gemini";
  e.url = base + "/v1beta/models/" + model + ":generateContent";
  e.model = std::move(model);
  e.key_headers = {{"x-goog-api-key", std::move(o.api_key)}};
  e.timeout = o.timeout;
  e.body = [](const llm::LlmRequest& request) { return build_request_body(request); };
  e.parse = &parse_response;
  return e;
}

}  // namespace

GeminiClient::GeminiClient(GeminiOptions options) : JsonModelClient(endpoint_of(std::move(options))) {}

}  // namespace interview::gemini
