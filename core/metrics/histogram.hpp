#pragma once
// A fixed-bucket latency histogram (Prometheus style: cumulative buckets, sum,
// count), safe to observe from many threads.
#include <atomic>
#include <vector>

#include <nlohmann/json.hpp>

namespace interview::metrics {

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds_seconds);
  void observe(double seconds);
  // {"buckets": [[bound, cumulative], ..., ["+Inf", count]], "sum": s, "count": n}
  nlohmann::json to_json() const;
  // The upper bound of the bucket holding quantile q (0..1), in seconds; 0 when empty.
  double quantile(double q) const;
  std::int64_t count() const { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::int64_t>> counts_;  // per bucket, not cumulative; last = +Inf
  std::atomic<std::int64_t> count_{0};
  std::atomic<std::int64_t> sum_micros_{0};
};

// Buckets for HTTP requests and for model calls.
std::vector<double> http_buckets();
std::vector<double> llm_buckets();

}  // namespace interview::metrics
