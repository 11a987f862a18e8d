#pragma once
// What the JSON-over-HTTP adapters (Firestore, Cloud Tasks, Gemini,
// OpenAI-compatible) do the same way around net::perform: the JSON POST, the
// bearer header, the Retry-After header and Google's error body.
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "net/http_client.hpp"

namespace interview::net {

// POST `url` with Content-Type and Accept application/json.
HttpRequest json_post(std::string url, std::string body, std::chrono::milliseconds timeout);

// Adds "Authorization: Bearer <token>"; an empty token (the emulator's
// anonymous access) adds nothing.
void add_bearer(HttpRequest& request, const std::string& token);

// The Retry-After header as a delay; 0 when absent or unparseable.
std::chrono::milliseconds retry_after(const HttpResponse& response);

// google.rpc.Status as Google REST APIs send it: {"error": {"code",
// "message", "status"}}; empty strings for what is absent.
struct GoogleStatus {
  std::string status;
  std::string message;
};
GoogleStatus google_status(const nlohmann::json& body);

}  // namespace interview::net
