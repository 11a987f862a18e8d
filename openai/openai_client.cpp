#include "openai/openai_client.hpp"

#include <utility>

#include "openai/openai_wire.hpp"

namespace interview::openai {
namespace {

net::ModelEndpoint endpoint_of(OpenAiOptions o) {
  net::ModelEndpoint e;
  e.provider = "openai";
  e.who = "OpenAI-compatible server";
  e.url = chat_completions_url(o.base_url);
  e.model = o.model;
  if (!o.api_key.empty()) e.key_headers = {{"Authorization", "Bearer " + o.api_key}};
  e.timeout = o.timeout;
  e.body = [model = o.model](const llm::LlmRequest& request) { return build_request_body(request, model); };
  e.parse = &parse_response;
  return e;
}

}  // namespace

OpenAiClient::OpenAiClient(OpenAiOptions options) : JsonModelClient(endpoint_of(std::move(options))) {}

}  // namespace interview::openai
