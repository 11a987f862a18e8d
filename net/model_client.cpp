#include "net/model_client.hpp"

#include <algorithm>

#include "core/llm/text_util.hpp"
#include "net/json_http.hpp"

namespace interview::net {
namespace {

Error malformed_body(const std::string& who, const HttpResponse& response) {
  return make_error(ErrorKind::unavailable, who + " returned a malformed response body (" +
                                                std::to_string(response.body.size()) + " bytes)");
}

}  // namespace

Result<std::string> parse_model_reply(
    const std::string& who, const HttpResponse& response,
    const std::function<Error(const HttpResponse&, const nlohmann::json&)>& error_from_status,
    const std::function<Result<std::string>(const HttpResponse&, const nlohmann::json&)>& reply_text) {
  try {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status != 200) return error_from_status(response, body.is_discarded() ? nlohmann::json() : body);
    if (body.is_discarded() || !body.is_object()) return malformed_body(who, response);
    auto text = reply_text(response, body);
    if (text.ok() && llm::text::trim(*text).empty()) {
      return make_error(ErrorKind::unavailable, who + " returned an empty reply");
    }
    return text;
  } catch (const nlohmann::json::exception&) {
    return malformed_body(who, response);  // a field of an unexpected type
  }
}

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
