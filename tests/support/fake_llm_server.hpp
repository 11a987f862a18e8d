#pragma once
// An in-process fake model server for tests: cpp-httplib on 127.0.0.1 with a
// free port, answering in Gemini's generateContent wire format (or the
// OpenAI chat completions format), scriptable per call, recording every
// request. Also runs standalone as `fake-llm-server` for integration tests.
//
// Reply order for each POST: the next queued ScriptedReply, else the handler
// callback, else a valid interview reply matching what the request asked for
// (reply/question pair, or SWOT when the schema/system text asks for one).
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib { class Server; }

namespace interview::testing {

enum class FakeLlmMode { gemini, openai };

struct RecordedRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  nlohmann::json json;  // parsed body; null when it was not JSON
  std::optional<std::string> header(std::string_view lower_name) const;
};

struct ScriptedReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // artificial latency before answering
};

using ReplyHandler = std::function<ScriptedReply(const RecordedRequest&, std::size_t call_index)>;

struct FakeLlmServerOptions {
  FakeLlmMode mode = FakeLlmMode::gemini;
  int port = 0;                          // 0 = any free port
  std::chrono::milliseconds delay{0};    // added to every reply
  std::string required_api_key;          // when set, default replies check it
};

class FakeLlmServer {
 public:
  explicit FakeLlmServer(FakeLlmServerOptions options = {});
  ~FakeLlmServer();
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  bool running() const { return port_ > 0; }
  int port() const { return port_; }
  std::string base_url() const;  // http://127.0.0.1:PORT

  void push(ScriptedReply reply);
  void set_handler(ReplyHandler handler);
  void set_delay(std::chrono::milliseconds delay);

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;

  void stop();  // also cuts short any artificial delay in progress

  // The reply used when nothing is scripted (public for the standalone binary).
  static ScriptedReply default_reply(const FakeLlmServerOptions& options,
                                     const RecordedRequest& request, std::size_t call_index);

 private:
  ScriptedReply answer(RecordedRequest request);
  void sleep_interruptibly(std::chrono::milliseconds delay);

  FakeLlmServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::deque<ScriptedReply> queue_;
  ReplyHandler handler_;
  std::vector<RecordedRequest> requests_;
};

// Canned replies for every shape the adapters must handle.
namespace canned {
// Gemini success envelopes.
ScriptedReply gemini_text(const std::string& text, const std::string& finish_reason = "STOP");
ScriptedReply gemini_json(const nlohmann::json& object);
ScriptedReply gemini_with_thought(const std::string& thought, const std::string& text);
// Gemini refusals.
ScriptedReply gemini_finish(const std::string& finish_reason);  // e.g. SAFETY, no content
ScriptedReply gemini_prompt_blocked(const std::string& block_reason = "SAFETY");
ScriptedReply gemini_no_candidates();
// Gemini error bodies {"error": {code, message, status}}.
ScriptedReply gemini_error(int http_status, const std::string& status, const std::string& message);
ScriptedReply gemini_invalid_key();        // 400 INVALID_ARGUMENT, API_KEY_INVALID
ScriptedReply gemini_permission_denied();  // 403 PERMISSION_DENIED
ScriptedReply gemini_quota(int retry_after_seconds);  // 429 + Retry-After + RetryInfo
ScriptedReply gemini_server_error(int http_status = 500);  // 500 INTERNAL / 503 UNAVAILABLE
// OpenAI-compatible.
ScriptedReply openai_text(const std::string& content, const std::string& finish_reason = "stop");
ScriptedReply openai_json(const nlohmann::json& object);
ScriptedReply openai_error(int http_status, const std::string& type, const std::string& code,
                           const std::string& message);
ScriptedReply openai_invalid_key();  // 401 invalid_api_key
ScriptedReply openai_rate_limited(int retry_after_seconds);  // 429 + Retry-After
// Any mode.
ScriptedReply malformed();  // 200 with a body that is not JSON
ScriptedReply delayed(ScriptedReply reply, std::chrono::milliseconds delay);
}  // namespace canned

}  // namespace interview::testing
