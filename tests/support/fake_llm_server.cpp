#include "tests/support/fake_llm_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <regex>

namespace interview::testing {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

ScriptedReply json_reply(int status, const nlohmann::json& body) {
  ScriptedReply r;
  r.status = status;
  r.body = body.dump();
  return r;
}

nlohmann::json gemini_envelope(nlohmann::json parts, const std::string& finish) {
  nlohmann::json candidate = {{"finishReason", finish}, {"index", 0}};
  if (!parts.empty()) candidate["content"] = {{"parts", std::move(parts)}, {"role", "model"}};
  return {{"candidates", {candidate}},
          {"usageMetadata", {{"promptTokenCount", 100}, {"candidatesTokenCount", 20}, {"totalTokenCount", 120}}},
          {"modelVersion", "fake-gemini"}};
}

// All the text the request carries (system + messages), to tell a SWOT
// request from a turn request when there is no schema.
std::string request_text(const RecordedRequest& r) {
  std::string out;
  const auto& j = r.json;
  if (!j.is_object()) return r.body;
  if (j.contains("systemInstruction")) out += j["systemInstruction"].dump();
  if (j.contains("contents")) out += j["contents"].dump();
  if (j.contains("messages")) out += j["messages"].dump();
  return out;
}

bool wants_swot(const RecordedRequest& r) {
  const auto& j = r.json;
  if (j.is_object() && j.contains("generationConfig")) {
    const auto& gc = j["generationConfig"];
    if (gc.contains("responseSchema") && gc["responseSchema"].contains("properties")) {
      return gc["responseSchema"]["properties"].contains("strengths");
    }
  }
  return request_text(r).find("SWOT") != std::string::npos;
}

nlohmann::json interview_payload(const RecordedRequest& r, std::size_t call_index) {
  if (wants_swot(r)) {
    return {{"strengths", {"Explains past projects clearly", "Hands-on experience with the web stack"}},
            {"weaknesses", {"Few details on testing and monitoring"}},
            {"opportunities", {"Could grow into owning cloud deployments"}},
            {"threats", {"Limited evidence of production incident handling"}}};
  }
  static const std::vector<std::string> questions = {
      "Can you walk me through the architecture of the most interesting project on your resume?",
      "How did you decide where state should live in your React application?",
      "What trade-offs did you consider when designing your backend APIs?",
      "How have you deployed and monitored a service on Google Cloud?",
      "Tell me about a difficult bug you tracked down in production. How did you find the cause?",
  };
  bool opening = request_text(r).find("latest_answer>") == std::string::npos;
  return {{"bot_response", opening ? "Hello, and welcome to the interview. Let's get started."
                                   : "Thank you, that is a helpful answer."},
          {"next_question", questions[call_index % questions.size()]}};
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return std::nullopt;
}

FakeLlmServer::FakeLlmServer(FakeLlmServerOptions options)
    : options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  server_->set_tcp_nodelay(true);  // cpp-httplib 0.11 otherwise stalls ~40 ms per reply
  // httplib's default pool (8 threads) would cap the model stand-in at 8 calls
  // at once, below the pools the tests and benchmarks drive.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  auto on_post = [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest rec;
    rec.method = req.method;
    rec.path = req.path;
    for (const auto& [name, value] : req.headers) rec.headers.emplace_back(lower(name), value);
    rec.body = req.body;
    auto parsed = nlohmann::json::parse(req.body, nullptr, false);
    rec.json = parsed.is_discarded() ? nlohmann::json() : parsed;
    ScriptedReply reply = answer(std::move(rec));
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    res.set_content(reply.body, "application/json; charset=UTF-8");
  };
  server_->Post(R"(.*)", on_post);
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  port_ = options_.port == 0 ? server_->bind_to_any_port("127.0.0.1")
                             : (server_->bind_to_port("127.0.0.1", options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    port_ = 0;
    return;
  }
  // The socket is already listening: requests queue until this thread accepts.
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

FakeLlmServer::~FakeLlmServer() { stop(); }

std::string FakeLlmServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeLlmServer::push(ScriptedReply reply) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_back(std::move(reply));
}

void FakeLlmServer::set_handler(ReplyHandler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

void FakeLlmServer::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_.delay = delay;
}

std::vector<RecordedRequest> FakeLlmServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::size_t FakeLlmServer::request_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

void FakeLlmServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void FakeLlmServer::sleep_interruptibly(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) return;
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

ScriptedReply FakeLlmServer::answer(RecordedRequest request) {
  ScriptedReply reply;
  std::chrono::milliseconds delay;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    std::size_t index = requests_.size();
    requests_.push_back(request);
    delay = options_.delay;
    if (!queue_.empty()) {
      reply = std::move(queue_.front());
      queue_.pop_front();
    } else if (handler_) {
      ReplyHandler handler = handler_;
      lock.unlock();  // the handler may call back into the server
      reply = handler(request, index);
    } else {
      FakeLlmServerOptions options = options_;
      lock.unlock();
      reply = default_reply(options, request, index);
    }
  }
  sleep_interruptibly(delay + reply.delay);
  return reply;
}

ScriptedReply FakeLlmServer::default_reply(const FakeLlmServerOptions& options,
                                           const RecordedRequest& request, std::size_t call_index) {
  if (options.mode == FakeLlmMode::gemini) {
    static const std::regex path(R"(/v1beta/models/[^/:]+:generateContent)");
    if (!std::regex_match(request.path, path)) {
      return canned::gemini_error(404, "NOT_FOUND", "unknown path " + request.path);
    }
    if (!options.required_api_key.empty() &&
        request.header("x-goog-api-key").value_or("") != options.required_api_key) {
      return canned::gemini_invalid_key();
    }
    if (!request.json.is_object() || !request.json.contains("contents")) {
      return canned::gemini_error(400, "INVALID_ARGUMENT", "contents is required");
    }
    return canned::gemini_json(interview_payload(request, call_index));
  }
  if (request.path.size() < 17 || request.path.substr(request.path.size() - 17) != "/chat/completions") {
    return canned::openai_error(404, "invalid_request_error", "not_found", "unknown path " + request.path);
  }
  if (!options.required_api_key.empty() &&
      request.header("authorization").value_or("") != "Bearer " + options.required_api_key) {
    return canned::openai_invalid_key();
  }
  if (!request.json.is_object() || !request.json.contains("messages")) {
    return canned::openai_error(400, "invalid_request_error", "invalid_body", "messages is required");
  }
  return canned::openai_json(interview_payload(request, call_index));
}

namespace canned {

ScriptedReply gemini_text(const std::string& text, const std::string& finish_reason) {
  return json_reply(200, gemini_envelope({{{"text", text}}}, finish_reason));
}

ScriptedReply gemini_json(const nlohmann::json& object) { return gemini_text(object.dump()); }

ScriptedReply gemini_with_thought(const std::string& thought, const std::string& text) {
  return json_reply(200, gemini_envelope({{{"text", thought}, {"thought", true}}, {{"text", text}}}, "STOP"));
}

ScriptedReply gemini_finish(const std::string& finish_reason) {
  auto body = gemini_envelope(nlohmann::json::array(), finish_reason);
  body["candidates"][0]["safetyRatings"] = {
      {{"category", "HARM_CATEGORY_DANGEROUS_CONTENT"}, {"probability", "HIGH"}, {"blocked", true}}};
  return json_reply(200, body);
}

ScriptedReply gemini_prompt_blocked(const std::string& block_reason) {
  return json_reply(200, {{"promptFeedback", {{"blockReason", block_reason}}},
                          {"usageMetadata", {{"promptTokenCount", 100}, {"totalTokenCount", 100}}},
                          {"modelVersion", "fake-gemini"}});
}

ScriptedReply gemini_no_candidates() {
  return json_reply(200, {{"usageMetadata", {{"promptTokenCount", 100}}}, {"modelVersion", "fake-gemini"}});
}

ScriptedReply gemini_error(int http_status, const std::string& status, const std::string& message) {
  return json_reply(http_status, {{"error", {{"code", http_status}, {"message", message}, {"status", status}}}});
}

ScriptedReply gemini_invalid_key() {
  auto reply = gemini_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
  auto body = nlohmann::json::parse(reply.body);
  body["error"]["details"] = {{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                               {"reason", "API_KEY_INVALID"},
                               {"domain", "googleapis.com"}}};
  reply.body = body.dump();
  return reply;
}

ScriptedReply gemini_permission_denied() {
  return gemini_error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.");
}

ScriptedReply gemini_quota(int retry_after_seconds) {
  auto reply = gemini_error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.");
  auto body = nlohmann::json::parse(reply.body);
  body["error"]["details"] = {{{"@type", "type.googleapis.com/google.rpc.RetryInfo"},
                               {"retryDelay", std::to_string(retry_after_seconds) + "s"}}};
  reply.body = body.dump();
  reply.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return reply;
}

ScriptedReply gemini_server_error(int http_status) {
  return http_status == 503
             ? gemini_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
             : gemini_error(http_status, "INTERNAL", "An internal error has occurred.");
}

ScriptedReply openai_text(const std::string& content, const std::string& finish_reason) {
  return json_reply(200, {{"id", "chatcmpl-fake"},
                          {"object", "chat.completion"},
                          {"created", 0},
                          {"model", "fake-openai"},
                          {"choices", {{{"index", 0},
                                        {"message", {{"role", "assistant"}, {"content", content}}},
                                        {"finish_reason", finish_reason}}}},
                          {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 20}, {"total_tokens", 120}}}});
}

ScriptedReply openai_json(const nlohmann::json& object) { return openai_text(object.dump()); }

ScriptedReply openai_error(int http_status, const std::string& type, const std::string& code,
                           const std::string& message) {
  return json_reply(http_status, {{"error", {{"message", message}, {"type", type}, {"code", code}}}});
}

ScriptedReply openai_invalid_key() {
  return openai_error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
}

ScriptedReply openai_rate_limited(int retry_after_seconds) {
  auto reply = openai_error(429, "requests", "rate_limit_exceeded", "Rate limit reached.");
  reply.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return reply;
}

ScriptedReply malformed() {
  ScriptedReply r;
  r.body = "<html><body>upstream glitch</body>";
  return r;
}

ScriptedReply delayed(ScriptedReply reply, std::chrono::milliseconds delay) {
  reply.delay = delay;
  return reply;
}

}  // namespace canned
}  // namespace interview::testing
