#include "http/create_limiter.hpp"

#include <algorithm>

namespace interview::http {

CreateLimiter::CreateLimiter(int per_minute, std::size_t max_addresses)
    : per_minute_(std::max(1, per_minute)),
      max_addresses_(std::max<std::size_t>(1, max_addresses)),
      interval_(std::chrono::duration_cast<Clock::duration>(std::chrono::minutes(1)) / per_minute_),
      burst_(interval_ * (per_minute_ - 1)) {}

std::size_t CreateLimiter::addresses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

void CreateLimiter::sweep(Clock::time_point now) {
  // A bucket that is full again is the same as no bucket.
  for (auto it = buckets_.begin(); it != buckets_.end();) it = it->second <= now ? buckets_.erase(it) : std::next(it);
  last_sweep_ = now;
}

std::optional<std::chrono::seconds> CreateLimiter::admit(const std::string& address, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (now - last_sweep_ >= std::chrono::minutes(1) || buckets_.size() >= max_addresses_) sweep(now);
  auto it = buckets_.find(address);
  if (it == buckets_.end()) {
    // Still full after a sweep: the bucket closest to full goes, so one more address fits.
    if (buckets_.size() >= max_addresses_)
      buckets_.erase(std::min_element(buckets_.begin(), buckets_.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; }));
    it = buckets_.emplace(address, now).first;
  }
  Clock::time_point full_at = std::max(it->second, now);
  Clock::duration owed = full_at - now;
  if (owed <= burst_) {
    it->second = full_at + interval_;
    return std::nullopt;
  }
  // Refused: nothing counted; the next creation fits once `owed` is back within the burst.
  auto wait = std::chrono::ceil<std::chrono::seconds>(owed - burst_);
  return std::max(wait, std::chrono::seconds(1));
}

}  // namespace interview::http
