#pragma once
// The part of an HTTP model adapter (gcp/gemini, openai/) that does not
// depend on the provider: one JSON POST per generate() to a fixed endpoint,
// the per-call timeout (a request's own shorter deadline wins), transport
// errors prefixed with the provider's name, and the reply labelled with
// provider and model. An adapter gives its endpoint, key header, request
// body and pure response mapping (the *_wire.cpp of its folder).
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/llm/llm_client.hpp"
#include "net/http_client.hpp"

namespace interview::net {

struct ModelEndpoint {
  std::string provider;  // the short name: "gemini", "openai"
  std::string who;       // how messages name it: "Gemini"
  std::string model;
  std::string url;
  // Sent besides Content-Type and Accept (the API key, when there is one).
  std::vector<std::pair<std::string, std::string>> key_headers;
  std::chrono::milliseconds timeout{15000};  // upper bound per call
  std::function<nlohmann::json(const llm::LlmRequest&)> body;
  std::function<Result<std::string>(const HttpResponse&)> parse;
};

// The envelope every model answer shares, around the provider's own parts
// (both follow the LlmClient error contract):
//   status other than 200              -> error_from_status(response, body or null)
//   a body that is not a JSON object,
//   or a JSON type error anywhere      -> "<who> returned a malformed response body" (unavailable)
//   else reply_text(response, body); blank text -> "<who> returned an empty reply" (unavailable)
Result<std::string> parse_model_reply(
    const std::string& who, const HttpResponse& response,
    const std::function<Error(const HttpResponse&, const nlohmann::json&)>& error_from_status,
    const std::function<Result<std::string>(const HttpResponse&, const nlohmann::json&)>& reply_text);

class JsonModelClient : public llm::LlmClient {
 public:
  explicit JsonModelClient(ModelEndpoint endpoint) : e_(std::move(endpoint)) {}
  Result<llm::LlmReply> generate(const llm::LlmRequest& request) override;
  std::string provider() const override { return e_.provider; }
  std::string model() const override { return e_.model; }
  std::string endpoint() const { return e_.url; }

 private:
  ModelEndpoint e_;
};

}  // namespace interview::net
