#pragma once
// Which Firestore failures are worth another attempt, and how long to wait.
// Retried: ABORTED (contention), UNAVAILABLE and DEADLINE_EXCEEDED (also
// transport failures and timeouts), RESOURCE_EXHAUSTED (overload). Anything
// else is final.
#include <chrono>

#include "core/retry/backoff.hpp"
#include "gcp/firestore/rest_client.hpp"

namespace interview::gcp {

bool is_retryable(RpcCode code);

// Firestore's parameters of the shared policy: base and cap from the config,
// doubling, half jitter (a random time in [d/2, d], d = min(cap, base·2^(n-1))).
retry::Backoff firestore_backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                 int max_attempts);

// The wait before retry n (1-based) with a fresh random draw; a server's
// Retry-After (capped at 10 s) is honoured when longer.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap,
                                        std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

void sleep_before_retry(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                        std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

}  // namespace interview::gcp
