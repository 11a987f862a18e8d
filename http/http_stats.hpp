#pragma once
// Requests by route and status class, requests in flight, and a latency
// histogram, for GET /stats and /metrics.
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/metrics/histogram.hpp"

namespace interview::http {

class HttpStats {
 public:
  void started() { in_flight_++; }
  void finished(const std::string& route, int status, double seconds);
  // {"in_flight": n, "requests": {"GET /status/{user_id}": {"2xx": n, "4xx": n, "5xx": n}}}
  nlohmann::json to_json() const;
  nlohmann::json histogram() const { return latency_.to_json(); }

 private:
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::array<std::int64_t, 3>> by_route_;
  metrics::Histogram latency_{metrics::http_buckets()};
};

}  // namespace interview::http
