#include "core/lifecycle/wait_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "core/lifecycle/collections.hpp"

namespace interview::lifecycle {
namespace {

double seconds_between(store::TimePoint from, store::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

// Slots freed by `t` seconds from now.
std::int64_t freed_by(double t, const std::vector<double>& first_free, double period) {
  std::int64_t n = 0;
  for (double r : first_free)
    if (t >= r) n += 1 + static_cast<std::int64_t>(std::floor((t - r) / period));
  return n;
}

}  // namespace

std::int64_t estimate_wait_seconds(std::int64_t position, const WaitInputs& in) {
  if (position <= 0) return 0;
  if (in.paused) return kNoEstimate;
  double period = std::max(1.0, in.mean_session_seconds);
  std::vector<double> first_free;
  int slots = std::max(1, in.slots);
  for (double r : in.expected_remaining) {
    if (static_cast<int>(first_free.size()) == slots) break;
    first_free.push_back(std::max(0.0, r));
  }
  while (static_cast<int>(first_free.size()) < slots) first_free.push_back(0.0);  // free slots
  // The earliest whole second by which `position` slots have freed.
  std::int64_t lo = 0, hi = 1;
  while (freed_by(static_cast<double>(hi), first_free, period) < position) hi *= 2;
  while (lo < hi) {
    std::int64_t mid = lo + (hi - lo) / 2;
    if (freed_by(static_cast<double>(mid), first_free, period) >= position)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

double expected_remaining(const store::Document& session, store::TimePoint now, double mean_session_seconds,
                          std::chrono::seconds session_length) {
  auto given = time_field(session, "created_at").value_or(now);
  auto expiry = time_field(session, "expiry_time").value_or(now);
  double latest = seconds_between(now, expiry);
  if (awaiting_start(session)) latest += static_cast<double>(session_length.count());
  double expected = mean_session_seconds - seconds_between(given, now);
  return std::clamp(expected, 0.0, std::max(0.0, latest));
}

}  // namespace interview::lifecycle
