#include "gcp/firestore/retry_policy.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace interview::gcp {

bool is_retryable(RpcCode code) {
  return code == RpcCode::aborted || code == RpcCode::unavailable || code == RpcCode::deadline_exceeded ||
         code == RpcCode::resource_exhausted;
}

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap,
                                        std::chrono::milliseconds retry_after) {
  const int shift = std::clamp(retry - 1, 0, 20);
  const long long full = std::min<long long>(cap.count(), base.count() << shift);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> jitter(full / 2, std::max(full / 2, full));
  std::chrono::milliseconds delay(jitter(rng));
  return std::max(delay, std::min(retry_after, std::chrono::milliseconds(10000)));
}

void sleep_before_retry(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                        std::chrono::milliseconds retry_after) {
  std::this_thread::sleep_for(backoff_delay(retry, base, cap, retry_after));
}

}  // namespace interview::gcp
