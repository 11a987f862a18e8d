#pragma once
// One log line per HTTP request, with the `httpRequest` object Cloud Logging
// shows as a request entry.
#include <chrono>
#include <cstdint>
#include <string>

namespace interview::ops {

struct AccessLogEntry {
  std::string method;            // "GET"
  std::string url;               // path and query as received (redacted before logging)
  int status = 0;
  std::uint64_t request_size = 0;
  std::uint64_t response_size = 0;
  std::string user_agent;
  std::string remote_ip;
  std::string referer;
  std::string protocol = "HTTP/1.1";
  std::chrono::nanoseconds latency{0};
};

// Severity INFO below 400, WARNING for 4xx, ERROR for 5xx. Carries the
// current thread's LogContext like any other line.
void log_access(const AccessLogEntry& entry);

// "0.012s": a protobuf Duration with 0, 3, 6 or 9 fractional digits.
std::string format_latency(std::chrono::nanoseconds latency);

}  // namespace interview::ops
