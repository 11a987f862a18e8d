#include "openai/openai_client.hpp"

#include <algorithm>

#include "net/http_client.hpp"
#include "openai/openai_wire.hpp"

namespace interview::openai {

OpenAiClient::OpenAiClient(OpenAiOptions options)
    : options_(std::move(options)), endpoint_(chat_completions_url(options_.base_url)) {}

Result<llm::LlmReply> OpenAiClient::generate(const llm::LlmRequest& request) {
  net::HttpRequest http;
  http.method = "POST";
  http.url = endpoint_;
  http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!options_.api_key.empty()) http.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  http.body = build_request_body(request, options_.model)
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  http.timeout = std::min(request.deadline, options_.timeout);

  auto response = net::perform(http);
  if (!response.ok()) {
    Error e = response.error();
    e.message = "OpenAI-compatible server " + e.message;
    return e;
  }
  auto text = parse_response(*response);
  if (!text.ok()) return text.error();
  return llm::LlmReply{std::move(*text), provider(), options_.model};
}

}  // namespace interview::openai
