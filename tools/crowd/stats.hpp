#pragma once
// Exact latency statistics from every sample (microseconds), reported in milliseconds.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace crowd {

class Samples {
 public:
  void add(int64_t us) { v_.push_back(us < 0 ? 0 : static_cast<uint64_t>(us)); }
  size_t size() const { return v_.size(); }

  // Nearest-rank percentile, q in [0, 1]; 0 when there are no samples.
  double percentile_ms(double q) {
    if (v_.empty()) return 0;
    sort();
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v_.size())));
    if (rank == 0) rank = 1;
    return static_cast<double>(v_[std::min(rank, v_.size()) - 1]) / 1000.0;
  }
  double max_ms() {
    if (v_.empty()) return 0;
    sort();
    return static_cast<double>(v_.back()) / 1000.0;
  }
  double min_ms() {
    if (v_.empty()) return 0;
    sort();
    return static_cast<double>(v_.front()) / 1000.0;
  }
  double mean_ms() const {
    if (v_.empty()) return 0;
    long double s = 0;
    for (auto x : v_) s += x;
    return static_cast<double>(s / v_.size() / 1000.0L);
  }
  size_t count_over_ms(double ms) const {
    uint64_t limit = static_cast<uint64_t>(ms * 1000.0);
    return static_cast<size_t>(std::count_if(v_.begin(), v_.end(), [&](uint64_t x) { return x > limit; }));
  }

  static double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

  // {"count", "p50", "p90", "p99", "p999", "max", "mean"} in ms.
  nlohmann::ordered_json summary() {
    nlohmann::ordered_json j;
    j["count"] = v_.size();
    j["p50"] = round3(percentile_ms(0.50));
    j["p90"] = round3(percentile_ms(0.90));
    j["p99"] = round3(percentile_ms(0.99));
    j["p999"] = round3(percentile_ms(0.999));
    j["max"] = round3(max_ms());
    j["mean"] = round3(mean_ms());
    return j;
  }

 private:
  void sort() {
    if (!sorted_ || sorted_n_ != v_.size()) {
      std::sort(v_.begin(), v_.end());
      sorted_ = true;
      sorted_n_ = v_.size();
    }
  }
  std::vector<uint64_t> v_;
  bool sorted_ = false;
  size_t sorted_n_ = 0;
};

}  // namespace crowd
