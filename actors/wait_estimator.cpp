#include "actors/wait_estimator.hpp"

#include <numeric>

#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/wait_estimate.hpp"

namespace interview::actors {
namespace {

constexpr std::size_t kRecent = 20;  // ended sessions in the mean
constexpr auto kReadEvery = std::chrono::seconds(1);

// Join-to-promotion waits: seconds to hours.
std::vector<double> wait_buckets() { return {5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200}; }

}  // namespace

WaitEstimator::WaitEstimator(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules)
    : store_(std::move(store)), rules_(rules), waits_(wait_buckets()) {}

void WaitEstimator::slot_freed(std::chrono::microseconds held) {
  std::lock_guard<std::mutex> lock(mu_);
  recent_.push_back(std::max(0.0, std::chrono::duration<double>(held).count()));
  if (recent_.size() > kRecent) recent_.pop_front();
  read_at_ = {};  // the slots changed: read them on the next estimate
}

void WaitEstimator::promoted(std::chrono::microseconds waited) {
  waits_.observe(std::max(0.0, std::chrono::duration<double>(waited).count()));
  std::lock_guard<std::mutex> lock(mu_);
  read_at_ = {};
}

double WaitEstimator::mean_session_seconds() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (recent_.empty()) return static_cast<double>(rules_.session_length.count());
  return std::accumulate(recent_.begin(), recent_.end(), 0.0) / static_cast<double>(recent_.size());
}

std::int64_t WaitEstimator::estimate(std::int64_t position) {
  if (position <= 0) return 0;
  auto now = std::chrono::steady_clock::now();
  bool read = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!reading_ && now - read_at_ >= kReadEvery) reading_ = read = true;
  }
  if (read) {
    // Outside the lock: other callers use the last view meanwhile.
    auto docs = store_->query(store::Query(lifecycle::kInSession).take(std::max(1, rules_.session_limit) * 2 + 10));
    std::lock_guard<std::mutex> lock(mu_);
    reading_ = false;
    if (docs) {
      sessions_ = std::move(*docs);
      read_at_ = now;
    }
  }
  double mean = mean_session_seconds();
  lifecycle::WaitInputs in;
  in.slots = rules_.session_limit;  // raised below when more sessions run (an operator raised the limit)
  in.mean_session_seconds = mean;
  auto at = store::now_micros();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& s : sessions_)
      in.expected_remaining.push_back(lifecycle::expected_remaining(s, at, mean, rules_.session_length));
  }
  in.slots = std::max<int>(in.slots, static_cast<int>(in.expected_remaining.size()));
  return lifecycle::estimate_wait_seconds(position, in);
}

}  // namespace interview::actors
