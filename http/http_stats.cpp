#include "http/http_stats.hpp"

namespace interview::http {

void HttpStats::finished(const std::string& route, int status, double seconds) {
  in_flight_--;
  latency_.observe(seconds);
  size_t cls = status >= 500 ? 2 : status >= 400 ? 1 : 0;
  std::lock_guard<std::mutex> lock(mu_);
  by_route_[route][cls]++;
}

nlohmann::json HttpStats::requests() const {
  nlohmann::json routes = nlohmann::json::object();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [route, n] : by_route_) routes[route] = {{"2xx", n[0]}, {"4xx", n[1]}, {"5xx", n[2]}};
  }
  return routes;
}


void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const HttpStats> stats) {
  figures.gauge("http.in_flight", "HTTP requests being served.", [stats] { return stats->in_flight(); })
      .metric("http_in_flight_requests");
  figures.counter("http.requests", "HTTP requests by route and status class.", [stats] { return stats->requests(); })
      .metric("http_requests_total").label_keys({"route", "class"});
  figures.add("histograms.http_request_seconds", ops::FigureKind::histogram, "HTTP request latency in seconds.",
              [stats] { return stats->histogram(); })
      .metric("http_request_seconds");
}
}  // namespace interview::http
