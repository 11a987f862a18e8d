#include "http/http_stats.hpp"

namespace interview::http {

void HttpStats::finished(const std::string& route, int status, double seconds) {
  in_flight_--;
  latency_.observe(seconds);
  size_t cls = status >= 500 ? 2 : status >= 400 ? 1 : 0;
  std::lock_guard<std::mutex> lock(mu_);
  by_route_[route][cls]++;
}

nlohmann::json HttpStats::to_json() const {
  nlohmann::json routes = nlohmann::json::object();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [route, n] : by_route_) routes[route] = {{"2xx", n[0]}, {"4xx", n[1]}, {"5xx", n[2]}};
  }
  return {{"in_flight", in_flight_.load()}, {"requests", routes}};
}

}  // namespace interview::http
