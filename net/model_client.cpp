#include "net/model_client.hpp"

#include <algorithm>

#include "net/json_http.hpp"

namespace interview::net {

Result<llm::LlmReply> JsonModelClient::generate(const llm::LlmRequest& request) {
  // Invalid UTF-8 from a resume becomes U+FFFD instead of throwing.
  HttpRequest http =
      json_post(e_.url, e_.body(request).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                std::min(request.deadline, e_.timeout));
  http.headers.insert(http.headers.end(), e_.key_headers.begin(), e_.key_headers.end());

  auto response = perform(http);
  if (!response.ok()) {
    Error e = response.error();
    e.message = e_.who + " " + e.message;
    return e;
  }
  auto text = e_.parse(*response);
  if (!text.ok()) return text.error();
  return llm::LlmReply{std::move(*text), e_.provider, e_.model};
}

}  // namespace interview::net
