#include "gcp/tasks/cloud_tasks_queue.hpp"

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "gcp/auth/google_auth.hpp"
#include "gcp/tasks/task_request.hpp"
#include "net/http_client.hpp"

namespace interview::gcp {
namespace {

bool retryable_status(long status) { return status == 429 || status == 408 || status >= 500; }

std::chrono::milliseconds backoff(const CloudTasksConfig& c, int retry, std::chrono::milliseconds retry_after) {
  const long long full = std::min<long long>(c.backoff_cap.count(),
                                             c.backoff_base.count() << std::clamp(retry - 1, 0, 16));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> jitter(full / 2, std::max(full / 2, full));
  return std::max(std::chrono::milliseconds(jitter(rng)), std::min(retry_after, std::chrono::milliseconds(10000)));
}

// google.rpc.Status "status" and a short message; the body holds no secrets.
std::string describe_failure(const net::HttpResponse& r) {
  std::string text = "HTTP " + std::to_string(r.status);
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const auto& e = body["error"];
    if (e.contains("status") && e["status"].is_string()) text += " " + e["status"].get<std::string>();
    if (e.contains("message") && e["message"].is_string()) {
      std::string m = e["message"].get<std::string>();
      if (m.size() > 200) m = m.substr(0, 200) + "...";
      text += ": " + m;
    }
  }
  return text;
}

class CloudTasksQueue final : public TaskQueue {
 public:
  CloudTasksQueue(CloudTasksConfig config, std::shared_ptr<TokenSource> tokens)
      : config_(std::move(config)), tokens_(std::move(tokens)) {}

  Status enqueue_join(const std::string& user_id) override {
    const std::string body = make_join_task_request(config_, user_id).dump();
    const int attempts = std::max(1, config_.max_attempts);
    Error last;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1) std::this_thread::sleep_for(backoff(config_, attempt - 1, last.retry_after));
      bool retry = false;
      auto outcome = create_task(body, retry);
      if (outcome.ok()) return outcome;
      last = outcome.error();
      if (!retry) break;
    }
    return make_error(ErrorKind::unavailable, "cloud tasks: enqueue join for " + user_id + " failed: " + last.message);
  }

  std::string name() const override { return "cloud-tasks"; }

 private:
  Status create_task(const std::string& body, bool& retry) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = config_.base_url + "/v2/" + config_.queue_name() + "/tasks";
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = body;
    request.timeout = config_.request_timeout;
    if (tokens_) {
      auto token = tokens_->token();
      if (!token) {
        retry = true;  // the token endpoint may be briefly unavailable
        return token.error();
      }
      if (!token->empty()) request.headers.emplace_back("Authorization", "Bearer " + *token);
    }
    auto response = net::perform(request);
    if (!response) {
      retry = true;
      return response.error();
    }
    if (response->status >= 200 && response->status < 300) return ok_status();
    if (response->status == 401 && tokens_) tokens_->invalidate();
    retry = retryable_status(response->status) || response->status == 401;
    Error e = make_error(ErrorKind::unavailable, describe_failure(*response));
    if (auto ra = response->header("retry-after")) {
      if (auto d = net::parse_retry_after(*ra)) e.retry_after = *d;
    }
    return e;
  }

  CloudTasksConfig config_;
  std::shared_ptr<TokenSource> tokens_;
};

}  // namespace

std::unique_ptr<TaskQueue> make_cloud_tasks_queue(CloudTasksConfig config, std::shared_ptr<TokenSource> tokens) {
  return std::make_unique<CloudTasksQueue>(std::move(config), std::move(tokens));
}

Result<std::unique_ptr<TaskQueue>> make_cloud_tasks_queue_from_env() {
  auto config = cloud_tasks_config_from_env();
  if (!config) return config.error();
  auto tokens = make_google_token_source_from_env();
  if (!tokens) return tokens.error();
  return make_cloud_tasks_queue(config.value(), tokens.value());
}

}  // namespace interview::gcp
