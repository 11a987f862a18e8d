#pragma once
// A minimal blocking HTTP client over libcurl, shared by every adapter
// (Gemini, OpenAI-compatible, Firestore, Cloud Tasks). One easy handle per
// call: simple and thread-safe; callers run it on detached actors/workers.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace interview::net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Whole-transfer deadline (connect + send + receive).
  std::chrono::milliseconds timeout{10000};
};

struct HttpResponse {
  long status = 0;
  // Header names are lower-cased; values are trimmed.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // First header with that (lower-case) name, if any.
  std::optional<std::string> header(std::string_view lower_name) const;
};

// Transport failures → Error{unavailable} (connect/DNS/reset) or
// Error{timeout}; any HTTP status (even 500) is a successful perform.
// Never logs bodies or header values (they may hold secrets).
Result<HttpResponse> perform(const HttpRequest& request);

// Every byte outside RFC 3986's unreserved set as %XX, '/' included
// (curl_easy_escape): one URL path segment or query value.
std::string url_escape(std::string_view text);

// Parses an HTTP Retry-After value (delta-seconds or an HTTP-date relative to
// `now`) into a delay; nullopt when absent or unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace interview::net
