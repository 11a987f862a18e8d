#include "net/retrying_llm_client.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace interview::llm {
namespace {
using std::chrono::milliseconds;

double default_jitter() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

Error exhausted(const std::string& provider, int attempts, const Error& last,
                const std::string& why) {
  Error e{ErrorKind::unavailable,
          "model provider '" + provider + "' failed after " + std::to_string(attempts) +
              (attempts == 1 ? " attempt" : " attempts") + " (" + why + "): " + last.message,
          last.retry_after};
  return e;
}
}  // namespace

RetryingLlmClient::RetryingLlmClient(std::shared_ptr<LlmClient> inner, RetryPolicy policy,
                                     RetryHooks hooks)
    : inner_(std::move(inner)), policy_(policy), hooks_(std::move(hooks)) {
  if (!hooks_.now) hooks_.now = [] { return std::chrono::steady_clock::now(); };
  if (!hooks_.sleep) hooks_.sleep = [](milliseconds d) { std::this_thread::sleep_for(d); };
  if (!hooks_.jitter) hooks_.jitter = &default_jitter;
  policy_.max_attempts = retry::attempts(backoff_policy(policy_));
}

retry::Backoff RetryingLlmClient::backoff_policy(const RetryPolicy& policy) {
  // Full jitter: uniform in [0, min(cap, base * 2^retry)].
  return retry::Backoff{policy.base_delay, policy.max_delay, 2.0, policy.max_attempts, 1.0};
}

milliseconds RetryingLlmClient::backoff(const RetryPolicy& policy, int n, double jitter) {
  return retry::delay(backoff_policy(policy), n + 1, jitter);  // n is 0-based here
}

Result<LlmReply> RetryingLlmClient::generate(const LlmRequest& request) {
  const auto start = hooks_.now();
  const auto end = start + policy_.budget;
  for (int attempt = 1;; ++attempt) {
    LlmRequest this_try = request;
    if (attempt > 1) {
      auto left = std::chrono::duration_cast<milliseconds>(end - hooks_.now());
      this_try.deadline = std::max(milliseconds(1), std::min(request.deadline, left));
    }
    auto result = inner_->generate(this_try);
    if (result.ok()) return result;
    const Error& error = result.error();
    if (!is_transient(error)) return result;  // permanent: retrying cannot help
    if (attempt >= policy_.max_attempts) {
      return exhausted(inner_->provider(), attempt, error, "no attempts left");
    }
    milliseconds delay = error.retry_after.count() > 0
                             ? error.retry_after
                             : backoff(policy_, attempt - 1, hooks_.jitter());
    auto left = std::chrono::duration_cast<milliseconds>(end - hooks_.now());
    if (delay + policy_.min_attempt_time > left) {
      return exhausted(inner_->provider(), attempt, error,
                       error.retry_after.count() > 0 ? "Retry-After exceeds the retry budget"
                                                     : "retry budget spent");
    }
    if (hooks_.on_retry) hooks_.on_retry(attempt, error, delay);
    hooks_.sleep(delay);
  }
}

}  // namespace interview::llm
