#include "core/metrics/histogram.hpp"

#include <cmath>

namespace interview::metrics {

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1) {}

void Histogram::observe(double seconds) {
  size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  counts_[i]++;
  count_++;
  sum_micros_ += static_cast<std::int64_t>(std::llround(seconds * 1e6));
}

nlohmann::json Histogram::to_json() const {
  nlohmann::json buckets = nlohmann::json::array();
  std::int64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    buckets.push_back({bounds_[i], cumulative});
  }
  cumulative += counts_.back();
  buckets.push_back({"+Inf", cumulative});
  return {{"buckets", buckets}, {"sum", static_cast<double>(sum_micros_) / 1e6}, {"count", cumulative}};
}

double Histogram::quantile(double q) const {
  std::int64_t total = count_;
  if (total == 0) return 0;
  auto target = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(total)));
  std::int64_t cumulative = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cumulative += counts_[i];
    if (cumulative >= target) return bounds_[i];
  }
  return bounds_.empty() ? 0 : bounds_.back();
}

std::vector<double> http_buckets() { return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}; }
std::vector<double> llm_buckets() { return {0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 12, 20, 30, 60}; }

}  // namespace interview::metrics
