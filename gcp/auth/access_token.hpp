#pragma once
// An access token as both Google token endpoints return it
// ({"access_token", "expires_in", "token_type"}), and its parser.
#include <chrono>
#include <string>

#include "core/result.hpp"
#include "net/http_client.hpp"

namespace interview::gcp {

struct AccessToken {
  std::string value;
  std::chrono::seconds expires_in{0};
};

// `what` names the endpoint in errors. A non-200 answer becomes an
// `unavailable` error carrying the status and the OAuth `error` code only: the
// body is never copied into the message (it may echo secrets).
Result<AccessToken> parse_token_response(const net::HttpResponse& response, const std::string& what);

}  // namespace interview::gcp
