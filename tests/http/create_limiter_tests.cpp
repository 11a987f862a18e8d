// The per-address limit on POST /users/: a token bucket of CREATE_LIMIT_PER_MINUTE,
// driven with explicit times (no clock, no sleeps).
#include <doctest/doctest.h>

#include "http/create_limiter.hpp"

using interview::http::CreateLimiter;
using std::chrono::seconds;

namespace {
const CreateLimiter::Clock::time_point t0{std::chrono::hours(1000)};
}

TEST_CASE("create limiter: a burst of the limit, then one every 60/limit seconds, per address") {
  CreateLimiter limiter(3);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.admit("10.0.0.1", t0).has_value());
  auto refused = limiter.admit("10.0.0.1", t0);
  REQUIRE(refused.has_value());
  CHECK(*refused == seconds(20));  // one creation comes back every 20 s
  // A refusal counts nothing: the wait shrinks with time, not with retries.
  CHECK(limiter.admit("10.0.0.1", t0 + seconds(5)) == std::optional<seconds>(seconds(15)));
  // Another address has its own bucket.
  CHECK_FALSE(limiter.admit("10.0.0.2", t0).has_value());
  CHECK_FALSE(limiter.admit("10.0.0.1", t0 + seconds(20)).has_value());
  CHECK(limiter.admit("10.0.0.1", t0 + seconds(20)).has_value());
  // A whole minute later the bucket is full again, never fuller.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.admit("10.0.0.1", t0 + seconds(200)).has_value());
  CHECK(limiter.admit("10.0.0.1", t0 + seconds(200)).has_value());
}

TEST_CASE("create limiter: the Retry-After is whole seconds, at least 1") {
  CreateLimiter limiter(120);  // one every 0.5 s
  for (int i = 0; i < 120; ++i) REQUIRE_FALSE(limiter.admit("::1", t0).has_value());
  CHECK(limiter.admit("::1", t0) == std::optional<seconds>(seconds(1)));
}

TEST_CASE("create limiter: memory stays bounded under a flood of addresses") {
  CreateLimiter limiter(1, 4);
  for (int i = 0; i < 50; ++i) CHECK_FALSE(limiter.admit("192.0.2." + std::to_string(i), t0).has_value());
  CHECK(limiter.addresses() <= 4);
  // Buckets full again after a minute are dropped by the next sweep.
  CHECK_FALSE(limiter.admit("198.51.100.1", t0 + seconds(61)).has_value());
  CHECK(limiter.addresses() == 1);
}
