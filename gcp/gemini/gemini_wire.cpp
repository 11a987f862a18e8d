#include "gcp/gemini/gemini_wire.hpp"

#include <cstdlib>

#include "core/llm/text_util.hpp"
#include "net/json_http.hpp"
#include "net/model_client.hpp"

namespace interview::gemini {
namespace {
using std::chrono::milliseconds;

constexpr std::size_t kMaxMessageBytes = 300;
const char* const kWho = "Gemini";

std::string short_message(const std::string& m) {
  return llm::text::truncate_utf8(llm::text::trim(m), kMaxMessageBytes);
}

// "37s" / "1.5s" (google.protobuf.Duration JSON form).
std::optional<milliseconds> parse_duration(const std::string& v) {
  if (v.empty() || v.back() != 's') return std::nullopt;
  char* end = nullptr;
  std::string number = v.substr(0, v.size() - 1);
  double seconds = std::strtod(number.c_str(), &end);
  if (end == nullptr || *end != '\0' || seconds < 0) return std::nullopt;
  return milliseconds(static_cast<long long>(seconds * 1000.0));
}

// Retry-After header first, then error.details[].retryDelay (RetryInfo).
milliseconds retry_delay(const net::HttpResponse& response, const nlohmann::json& error) {
  if (auto header = response.header("retry-after")) {
    if (auto d = net::parse_retry_after(*header)) return *d;
  }
  if (error.is_object() && error.contains("details") && error["details"].is_array()) {
    for (const auto& detail : error["details"]) {
      if (detail.is_object() && detail.contains("retryDelay") && detail["retryDelay"].is_string()) {
        if (auto d = parse_duration(detail["retryDelay"].get<std::string>())) return *d;
      }
    }
  }
  return milliseconds(0);
}

bool mentions_api_key(const nlohmann::json& error) {
  std::string dump = error.is_null() ? "" : error.dump();
  return dump.find("API_KEY_INVALID") != std::string::npos ||
         llm::text::contains_ci(dump, "api key");
}

Error error_from_status(const net::HttpResponse& response, const nlohmann::json& body) {
  nlohmann::json error = body.is_object() && body.contains("error") ? body["error"] : nlohmann::json();
  const auto [status_name, message] = net::google_status(body);
  std::string what = "Gemini HTTP " + std::to_string(response.status) +
                     (status_name.empty() ? "" : " " + status_name) +
                     (message.empty() ? "" : ": " + short_message(message));
  const long s = response.status;
  if (s == 429 || status_name == "RESOURCE_EXHAUSTED") {
    return Error{ErrorKind::unavailable, what + " (quota or rate limit)", retry_delay(response, error)};
  }
  if (s == 504 || status_name == "DEADLINE_EXCEEDED") {
    return Error{ErrorKind::timeout, what, retry_delay(response, error)};
  }
  if (s >= 500) return Error{ErrorKind::unavailable, what, retry_delay(response, error)};
  if (s == 401 || s == 403 || status_name == "PERMISSION_DENIED" ||
      status_name == "UNAUTHENTICATED" || (s == 400 && mentions_api_key(error))) {
    return make_error(ErrorKind::internal,
                      what + " (the API key was rejected: check GEMINI_API_KEY)");
  }
  if (s == 404) {
    return make_error(ErrorKind::internal, what + " (unknown model: check GEMINI_MODEL)");
  }
  return make_error(ErrorKind::internal, what + " (request rejected)");
}

bool is_block_reason(const std::string& finish) {
  for (const char* r : {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                        "LANGUAGE", "IMAGE_SAFETY"}) {
    if (finish == r) return true;
  }
  return false;
}

// A 200 answer's JSON object; blank text is left to net::parse_model_reply.
Result<std::string> reply_text(const net::HttpResponse& response, const nlohmann::json& body) {
  if (body.contains("error")) return error_from_status(response, body);

  if (body.contains("promptFeedback") && body["promptFeedback"].is_object()) {
    std::string reason = body["promptFeedback"].value("blockReason", "");
    if (!reason.empty() && reason != "BLOCK_REASON_UNSPECIFIED") {
      return make_error(ErrorKind::unprocessable, "Gemini blocked the prompt (blockReason " + reason + ")");
    }
  }
  if (!body.contains("candidates") || !body["candidates"].is_array() || body["candidates"].empty()) {
    return make_error(ErrorKind::unavailable, "Gemini returned no candidates");
  }
  const auto& candidate = body["candidates"][0];
  if (!candidate.is_object()) {
    return make_error(ErrorKind::unavailable, "Gemini returned a malformed candidate");
  }
  std::string finish = candidate.value("finishReason", "");
  if (is_block_reason(finish)) {
    return make_error(ErrorKind::unprocessable, "Gemini withheld the reply (finishReason " + finish + ")");
  }
  if (finish == "MAX_TOKENS") {
    return make_error(ErrorKind::unprocessable, "Gemini reply was cut off (finishReason MAX_TOKENS)");
  }
  std::string text;
  if (candidate.contains("content") && candidate["content"].is_object() &&
      candidate["content"].contains("parts") && candidate["content"]["parts"].is_array()) {
    for (const auto& part : candidate["content"]["parts"]) {
      if (!part.is_object() || part.value("thought", false)) continue;  // thinking is not the answer
      if (part.contains("text") && part["text"].is_string()) text += part["text"].get<std::string>();
    }
  }
  if (!finish.empty() && finish != "STOP" && finish != "FINISH_REASON_UNSPECIFIED") {
    return make_error(ErrorKind::unavailable, "Gemini stopped early (finishReason " + finish + ")");
  }
  return text;
}

}  // namespace

nlohmann::json build_request_body(const llm::LlmRequest& request) {
  nlohmann::json body;
  if (!request.system_instruction.empty()) {
    body["systemInstruction"] = {{"parts", {{{"text", request.system_instruction}}}}};
  }
  body["contents"] = nlohmann::json::array();
  for (const auto& m : request.messages) {
    body["contents"].push_back(
        {{"role", m.role == llm::LlmMessage::Role::model ? "model" : "user"},
         {"parts", {{{"text", m.text}}}}});
  }
  nlohmann::json config = {{"temperature", request.temperature}};
  if (request.response_schema) {
    config["responseMimeType"] = "application/json";
    config["responseSchema"] = *request.response_schema;
  }
  body["generationConfig"] = config;
  return body;
}

// A field of an unexpected type (e.g. a numeric finishReason) is a malformed body.
Result<std::string> parse_response(const net::HttpResponse& response) {
  return net::parse_model_reply(kWho, response, &error_from_status, &reply_text);
}

}  // namespace interview::gemini
