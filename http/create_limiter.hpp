#pragma once
// Flood protection for POST /users/: at most `per_minute` creations per client
// address, as a token bucket per address (a burst of `per_minute`, then one
// every 60/per_minute seconds), kept as one "theoretical arrival time" per
// address (GCRA: integer arithmetic, no drift). Per instance: each instance counts on its own,
// so N instances admit up to N times the rate (README, "Flood protection").
// The time is an argument, so the arithmetic is tested without clocks.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace interview::http {

class CreateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // per_minute > 0; `max_addresses` bounds the memory a flood of addresses can take.
  explicit CreateLimiter(int per_minute, std::size_t max_addresses = 100000);

  // nullopt: admitted (and counted). Otherwise refused, nothing counted, with
  // the whole seconds until this address may create again (at least 1).
  std::optional<std::chrono::seconds> admit(const std::string& address, Clock::time_point now);

  int per_minute() const { return per_minute_; }
  std::size_t addresses() const;

 private:
  void sweep(Clock::time_point now);  // drops buckets that are full again

  const int per_minute_;
  const std::size_t max_addresses_;
  const Clock::duration interval_;  // one creation comes back every interval_
  const Clock::duration burst_;     // (per_minute - 1) * interval_
  mutable std::mutex mu_;
  std::unordered_map<std::string, Clock::time_point> buckets_;  // address -> when its bucket is full again
  Clock::time_point last_sweep_{};
};

}  // namespace interview::http
