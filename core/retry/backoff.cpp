#include "core/retry/backoff.hpp"

#include <algorithm>

namespace interview::retry {

using std::chrono::milliseconds;

milliseconds ceiling(const Backoff& b, int retry) {
  const double cap = static_cast<double>(std::max<long long>(0, b.cap.count()));
  double d = static_cast<double>(std::max<long long>(0, b.base.count()));
  const double m = std::max(1.0, b.multiplier);
  for (int i = 1; i < retry && d < cap; ++i) d *= m;
  return milliseconds(static_cast<long long>(std::min(d, cap)));
}

milliseconds delay(const Backoff& b, int retry, double random_fraction) {
  const double d = static_cast<double>(ceiling(b, retry).count());
  const double jitter = std::clamp(b.jitter, 0.0, 1.0);
  const double r = std::clamp(random_fraction, 0.0, 1.0);
  return milliseconds(static_cast<long long>(d * (1.0 - jitter) + d * jitter * r));
}

int attempts(const Backoff& b) { return std::max(1, b.max_attempts); }

milliseconds at_least_retry_after(milliseconds delay, milliseconds retry_after, milliseconds limit) {
  return std::max(delay, std::min(retry_after, limit));
}

}  // namespace interview::retry
