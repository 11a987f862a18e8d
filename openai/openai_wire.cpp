#include "openai/openai_wire.hpp"

#include "core/llm/text_util.hpp"
#include "net/json_http.hpp"
#include "net/model_client.hpp"

namespace interview::openai {
namespace {
using std::chrono::milliseconds;

const char* const kWho = "OpenAI-compatible server";

std::string short_message(const std::string& m) {
  return llm::text::truncate_utf8(llm::text::trim(m), 300);
}

std::string field(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key)) return {};
  const auto& v = obj[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

Error error_from_status(const net::HttpResponse& response, const nlohmann::json& body) {
  nlohmann::json error = body.is_object() && body.contains("error") ? body["error"] : nlohmann::json();
  std::string message = error.is_string() ? error.get<std::string>() : field(error, "message");
  std::string code = field(error, "code");
  std::string type = field(error, "type");
  std::string what = "OpenAI-compatible server HTTP " + std::to_string(response.status) +
                     (type.empty() ? "" : " " + type) +
                     (message.empty() ? "" : ": " + short_message(message));
  const milliseconds retry_after = net::retry_after(response);
  const long s = response.status;
  if (s == 429 && (code == "insufficient_quota" || type == "insufficient_quota")) {
    return make_error(ErrorKind::internal, what + " (account quota exhausted)");
  }
  if (s == 429) return Error{ErrorKind::unavailable, what + " (rate limited)", retry_after};
  if (s == 408 || s == 504) return Error{ErrorKind::timeout, what, retry_after};
  if (s >= 500) return Error{ErrorKind::unavailable, what, retry_after};
  if (s == 401 || s == 403) {
    return make_error(ErrorKind::internal, what + " (the API key was rejected: check OPENAI_API_KEY)");
  }
  if (s == 404) {
    return make_error(ErrorKind::internal,
                      what + " (unknown model or path: check OPENAI_MODEL and OPENAI_BASE_URL)");
  }
  return make_error(ErrorKind::internal, what + " (request rejected)");
}

// A 200 answer's JSON object; blank content is left to net::parse_model_reply.
Result<std::string> reply_text(const net::HttpResponse& response, const nlohmann::json& body) {
  if (body.contains("error") && !body["error"].is_null()) return error_from_status(response, body);
  if (!body.contains("choices") || !body["choices"].is_array() || body["choices"].empty() ||
      !body["choices"][0].is_object()) {
    return make_error(ErrorKind::unavailable, "OpenAI-compatible server returned no choices");
  }
  const auto& choice = body["choices"][0];
  std::string finish = field(choice, "finish_reason");
  const nlohmann::json message = choice.contains("message") ? choice["message"] : nlohmann::json();
  if (!field(message, "refusal").empty()) {
    return make_error(ErrorKind::unprocessable, "the model refused to answer");
  }
  if (finish == "content_filter") {
    return make_error(ErrorKind::unprocessable, "the reply was withheld (finish_reason content_filter)");
  }
  if (finish == "length") {
    return make_error(ErrorKind::unprocessable, "the reply was cut off (finish_reason length)");
  }
  return field(message, "content");
}

}  // namespace

// A JSON type error while reading the answer is a malformed body.
Result<std::string> parse_response(const net::HttpResponse& response) {
  return net::parse_model_reply(kWho, response, &error_from_status, &reply_text);
}

std::string chat_completions_url(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string v1 = "/v1";
  bool has_v1 = base.size() >= v1.size() && base.compare(base.size() - v1.size(), v1.size(), v1) == 0;
  return base + (has_v1 ? "" : v1) + "/chat/completions";
}

nlohmann::json build_request_body(const llm::LlmRequest& request, const std::string& model) {
  nlohmann::json messages = nlohmann::json::array();
  if (!request.system_instruction.empty()) {
    messages.push_back({{"role", "system"}, {"content", request.system_instruction}});
  }
  for (const auto& m : request.messages) {
    messages.push_back({{"role", m.role == llm::LlmMessage::Role::model ? "assistant" : "user"},
                        {"content", m.text}});
  }
  nlohmann::json body = {{"model", model}, {"messages", messages},
                         {"temperature", request.temperature}, {"stream", false}};
  if (request.response_schema) body["response_format"] = {{"type", "json_object"}};
  return body;
}

}  // namespace interview::openai
