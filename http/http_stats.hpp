#pragma once
// Requests by route and status class, requests in flight, and a latency
// histogram, for GET /stats and /metrics.
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/metrics/histogram.hpp"
#include "ops/figures.hpp"

namespace interview::http {

class HttpStats {
 public:
  void started() { in_flight_++; }
  void finished(const std::string& route, int status, double seconds);
  std::int64_t in_flight() const { return in_flight_.load(); }
  // {"GET /status/{user_id}": {"2xx": n, "4xx": n, "5xx": n}}
  nlohmann::json requests() const;
  nlohmann::json histogram() const { return latency_.to_json(); }

 private:
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::array<std::int64_t, 3>> by_route_;
  metrics::Histogram latency_{metrics::http_buckets()};
};

// Requests by route and class, in flight, and their latency histogram.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const HttpStats> stats);

}  // namespace interview::http
