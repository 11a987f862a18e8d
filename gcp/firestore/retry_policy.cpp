#include "gcp/firestore/retry_policy.hpp"

#include <random>
#include <thread>

namespace interview::gcp {

bool is_retryable(RpcCode code) {
  return code == RpcCode::aborted || code == RpcCode::unavailable || code == RpcCode::deadline_exceeded ||
         code == RpcCode::resource_exhausted;
}

retry::Backoff firestore_backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                 int max_attempts) {
  return retry::Backoff{base, cap, 2.0, max_attempts, 0.5};
}

std::chrono::milliseconds backoff_delay(int n, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap,
                                        std::chrono::milliseconds retry_after) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  const auto delay = retry::delay(firestore_backoff(base, cap, 1), n, draw);
  return retry::at_least_retry_after(delay, retry_after, std::chrono::milliseconds(10000));
}

void sleep_before_retry(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                        std::chrono::milliseconds retry_after) {
  std::this_thread::sleep_for(backoff_delay(retry, base, cap, retry_after));
}

}  // namespace interview::gcp
