#pragma once
// A decorator that retries transient failures (429, 5xx, timeouts; see the
// error contract in llm_client.hpp) with exponential backoff and full jitter,
// honours Retry-After, and stays within a total time budget. Permanent
// errors (invalid key, blocked content) are returned at once.
//
// Budget: no sleep is taken and no retry is started that would end after
// start + budget, and each retry's deadline is clamped to what is left. The
// first attempt keeps its own deadline, so a budget shorter than the
// per-call deadline never cuts a healthy slow reply.
#include <chrono>
#include <functional>
#include <memory>

#include "core/llm/llm_client.hpp"
#include "core/retry/backoff.hpp"

namespace interview::llm {

struct RetryPolicy {
  std::chrono::milliseconds budget{12000};
  int max_attempts = 4;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{4000};
  // A retry with less time than this left is not worth starting.
  std::chrono::milliseconds min_attempt_time{500};
};

// Injectable time and randomness so tests run instantly and deterministically.
// Each must be safe to call from several threads; empty = the real thing.
struct RetryHooks {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<double()> jitter;  // uniform in [0, 1)
  // Called before each backoff sleep (e.g. to log); may be empty.
  std::function<void(int failed_attempt, const Error&, std::chrono::milliseconds delay)> on_retry;
};

class RetryingLlmClient : public LlmClient {
 public:
  RetryingLlmClient(std::shared_ptr<LlmClient> inner, RetryPolicy policy = {},
                    RetryHooks hooks = {});

  // After the last transient failure: Error{unavailable} naming the provider
  // and the attempts, retry_after kept from the provider when it gave one.
  Result<LlmReply> generate(const LlmRequest& request) override;
  std::string provider() const override { return inner_->provider(); }
  std::string model() const override { return inner_->model(); }

  // The backoff before retry number `retry` (0-based) for a given jitter draw.
  static std::chrono::milliseconds backoff(const RetryPolicy& policy, int retry, double jitter);
  // The policy's delays as the shared retry::Backoff (base, cap, x2, full jitter).
  static retry::Backoff backoff_policy(const RetryPolicy& policy);

 private:
  std::shared_ptr<LlmClient> inner_;
  RetryPolicy policy_;
  RetryHooks hooks_;
};

}  // namespace interview::llm
