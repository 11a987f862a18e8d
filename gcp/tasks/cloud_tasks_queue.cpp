#include "gcp/tasks/cloud_tasks_queue.hpp"

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/retry/backoff.hpp"
#include "gcp/auth/google_auth.hpp"
#include "gcp/tasks/task_request.hpp"
#include "net/http_client.hpp"
#include "net/json_http.hpp"

namespace interview::gcp {
namespace {

bool retryable_status(long status) { return status == 429 || status == 408 || status >= 500; }

// Cloud Tasks' parameters of the shared policy: base, cap and attempts from
// the config, doubling, half jitter ([d/2, d]).
retry::Backoff tasks_backoff(const CloudTasksConfig& c) {
  return retry::Backoff{c.backoff_base, c.backoff_cap, 2.0, c.max_attempts, 0.5};
}

// A server's Retry-After (capped at 10 s) wins when longer.
std::chrono::milliseconds backoff(const CloudTasksConfig& c, int n, std::chrono::milliseconds retry_after) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return retry::at_least_retry_after(retry::delay(tasks_backoff(c), n, draw), retry_after,
                                     std::chrono::milliseconds(10000));
}

// google.rpc.Status "status" and a short message; the body holds no secrets.
std::string describe_failure(const net::HttpResponse& r) {
  std::string text = "HTTP " + std::to_string(r.status);
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  auto [status, message] = net::google_status(body);
  if (!status.empty()) text += " " + status;
  if (!message.empty()) {
    if (message.size() > 200) message = message.substr(0, 200) + "...";
    text += ": " + message;
  }
  return text;
}

class CloudTasksQueue final : public TaskQueue {
 public:
  CloudTasksQueue(CloudTasksConfig config, std::shared_ptr<TokenSource> tokens)
      : config_(std::move(config)), tokens_(std::move(tokens)) {}

  Status enqueue_join(const std::string& user_id) override {
    const std::string body = make_join_task_request(config_, user_id).dump();
    const int attempts = retry::attempts(tasks_backoff(config_));
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
    net::HttpRequest request = net::json_post(config_.base_url + "/v2/" + config_.queue_name() + "/tasks", body,
                                              config_.request_timeout);
    if (tokens_) {
      auto token = tokens_->token();
      if (!token) {
        retry = true;  // the token endpoint may be briefly unavailable
        return token.error();
      }
      net::add_bearer(request, *token);
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
    e.retry_after = net::retry_after(*response);
    return e;
  }

  CloudTasksConfig config_;
  std::shared_ptr<TokenSource> tokens_;
};

}  // namespace

std::unique_ptr<TaskQueue> make_cloud_tasks_queue(CloudTasksConfig config, std::shared_ptr<TokenSource> tokens) {
  return std::make_unique<CloudTasksQueue>(std::move(config), std::move(tokens));
}

}  // namespace interview::gcp
