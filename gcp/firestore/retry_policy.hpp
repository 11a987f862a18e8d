#pragma once
// Which Firestore failures are worth another attempt, and how long to wait.
// Retried: ABORTED (contention), UNAVAILABLE and DEADLINE_EXCEEDED (also
// transport failures and timeouts), RESOURCE_EXHAUSTED (overload). Anything
// else is final.
#include <chrono>

#include "gcp/firestore/rest_client.hpp"

namespace interview::gcp {

bool is_retryable(RpcCode code);

// Exponential backoff with jitter: retry n (1-based) waits a random time in
// [d/2, d], d = min(cap, base·2^(n-1)); a server's Retry-After (capped at
// 10 s) is honoured when longer.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap,
                                        std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

void sleep_before_retry(int retry, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                        std::chrono::milliseconds retry_after = std::chrono::milliseconds(0));

}  // namespace interview::gcp
