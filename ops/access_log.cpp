#include "ops/access_log.hpp"

#include <cstdio>

#include "ops/logging.hpp"
#include "ops/redact.hpp"

namespace interview::ops {

std::string format_latency(std::chrono::nanoseconds latency) {
  long long ns = latency.count() < 0 ? 0 : static_cast<long long>(latency.count());
  long long seconds = ns / 1000000000, fraction = ns % 1000000000;
  char buf[48];
  if (fraction == 0) std::snprintf(buf, sizeof buf, "%llds", seconds);
  else if (fraction % 1000000 == 0) std::snprintf(buf, sizeof buf, "%lld.%03llds", seconds, fraction / 1000000);
  else if (fraction % 1000 == 0) std::snprintf(buf, sizeof buf, "%lld.%06llds", seconds, fraction / 1000);
  else std::snprintf(buf, sizeof buf, "%lld.%09llds", seconds, fraction);
  return buf;
}

void log_access(const AccessLogEntry& e) {
  std::string url = redact(e.url);
  std::string latency = format_latency(e.latency);
  nlohmann::json request = {
      {"requestMethod", e.method},
      {"requestUrl", url},
      {"status", e.status},
      {"requestSize", std::to_string(e.request_size)},  // int64 fields are strings in JSON
      {"responseSize", std::to_string(e.response_size)},
      {"userAgent", redact(e.user_agent)},
      {"remoteIp", e.remote_ip},
      {"latency", latency},
      {"protocol", e.protocol},
  };
  if (!e.referer.empty()) request["referer"] = redact(e.referer);
  auto level = e.status >= 500 ? spdlog::level::err : e.status >= 400 ? spdlog::level::warn : spdlog::level::info;
  log_fields(level, e.method + " " + url + " " + std::to_string(e.status) + " " + latency,
             {{"httpRequest", std::move(request)}});
}

}  // namespace interview::ops
