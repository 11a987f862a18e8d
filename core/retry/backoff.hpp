#pragma once
// The one retry/backoff policy of the service (Firestore, Cloud Tasks, the
// model clients, the SQLite store), as pure functions: no clock, no sleep,
// no random source. Callers draw the random fraction and do the waiting.
//
// Retry n (1-based: the wait before attempt n + 1) waits
//   d = min(cap, base · multiplier^(n-1)),  delay in [d · (1 - jitter), d],
// placed in that range by random_fraction (0 -> lowest, 1 -> d).
// jitter = 1 is "full jitter" ([0, d]); 0.5 is [d/2, d]; 0 is no jitter.
#include <chrono>

namespace interview::retry {

struct Backoff {
  std::chrono::milliseconds base{100};
  std::chrono::milliseconds cap{1000};
  double multiplier = 2.0;
  int max_attempts = 3;  // attempts in all, the first one included
  double jitter = 1.0;   // the random share of each delay, in [0, 1]
};

// The longest wait before retry n: min(cap, base · multiplier^(n-1)).
std::chrono::milliseconds ceiling(const Backoff& b, int retry);

// The wait before retry n for a random draw in [0, 1] (clamped).
std::chrono::milliseconds delay(const Backoff& b, int retry, double random_fraction);

// max_attempts, at least 1.
int attempts(const Backoff& b);

// A server's Retry-After (capped at `limit`) wins when it is longer.
std::chrono::milliseconds at_least_retry_after(std::chrono::milliseconds delay,
                                               std::chrono::milliseconds retry_after,
                                               std::chrono::milliseconds limit);

}  // namespace interview::retry
