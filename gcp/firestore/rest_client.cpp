#include "gcp/firestore/rest_client.hpp"

#include "gcp/firestore/resource_names.hpp"
#include "net/http_client.hpp"
#include "net/json_http.hpp"

namespace interview::gcp {

using nlohmann::json;

RpcCode rpc_code_from_status(const std::string& status, long http_status) {
  if (status == "ABORTED") return RpcCode::aborted;
  if (status == "UNAVAILABLE") return RpcCode::unavailable;
  if (status == "DEADLINE_EXCEEDED") return RpcCode::deadline_exceeded;
  if (status == "RESOURCE_EXHAUSTED") return RpcCode::resource_exhausted;
  if (status == "ALREADY_EXISTS") return RpcCode::already_exists;
  if (status == "NOT_FOUND") return RpcCode::not_found;
  if (status == "FAILED_PRECONDITION") return RpcCode::failed_precondition;
  if (status == "UNAUTHENTICATED") return RpcCode::unauthenticated;
  if (status == "PERMISSION_DENIED") return RpcCode::permission_denied;
  if (status == "INVALID_ARGUMENT") return RpcCode::invalid_argument;
  // No google.rpc.Status body (a proxy, a load balancer): go by HTTP status.
  switch (http_status) {
    case 409: return RpcCode::aborted;
    case 429: return RpcCode::resource_exhausted;
    case 502:
    case 503: return RpcCode::unavailable;
    case 504: return RpcCode::deadline_exceeded;
    case 401: return RpcCode::unauthenticated;
    case 403: return RpcCode::permission_denied;
    default: return RpcCode::other;
  }
}

const char* rpc_code_name(RpcCode code) {
  switch (code) {
    case RpcCode::ok: return "OK";
    case RpcCode::aborted: return "ABORTED";
    case RpcCode::unavailable: return "UNAVAILABLE";
    case RpcCode::deadline_exceeded: return "DEADLINE_EXCEEDED";
    case RpcCode::resource_exhausted: return "RESOURCE_EXHAUSTED";
    case RpcCode::already_exists: return "ALREADY_EXISTS";
    case RpcCode::not_found: return "NOT_FOUND";
    case RpcCode::failed_precondition: return "FAILED_PRECONDITION";
    case RpcCode::unauthenticated: return "UNAUTHENTICATED";
    case RpcCode::permission_denied: return "PERMISSION_DENIED";
    case RpcCode::invalid_argument: return "INVALID_ARGUMENT";
    case RpcCode::other: return "ERROR";
  }
  return "ERROR";
}

namespace {

ErrorKind kind_for(RpcCode code, const std::string& verb) {
  if (code == RpcCode::aborted) return ErrorKind::conflict;
  // On commit these are the write preconditions (create / must exist) failing.
  if (verb == "commit" &&
      (code == RpcCode::already_exists || code == RpcCode::not_found ||
       code == RpcCode::failed_precondition)) {
    return ErrorKind::conflict;
  }
  return ErrorKind::unavailable;
}

std::string shorten(std::string s, size_t max = 300) {
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

}  // namespace

FirestoreRest::FirestoreRest(FirestoreConfig config, std::shared_ptr<TokenSource> tokens)
    : config_(std::move(config)), tokens_(std::move(tokens)) {
  documents_root_ = database_name(config_.project, config_.database) + "/documents";
  url_prefix_ = config_.api_root() + "/v1/" + documents_root_ + ":";
}

RpcResult<json> FirestoreRest::call(const std::string& verb, const json& body) {
  const std::string text = body.dump();
  auto result = call_once(verb, text);
  if (!result.ok() && result.failure().code == RpcCode::unauthenticated && tokens_) {
    tokens_->invalidate();  // expired or revoked early: one retry with a new token
    result = call_once(verb, text);
  }
  return result;
}

RpcResult<json> FirestoreRest::call_once(const std::string& verb, const std::string& body) {
  const std::string what = "firestore " + verb;
  net::HttpRequest request = net::json_post(url_prefix_ + verb, body, config_.request_timeout);
  if (tokens_) {
    auto token = tokens_->token();
    if (!token) {
      return RpcError{RpcCode::unauthenticated,
                      make_error(ErrorKind::unavailable, what + ": no access token: " + token.error().message)};
    }
    net::add_bearer(request, *token);
  }

  auto response = net::perform(request);
  if (!response) {
    const bool timed_out = response.error().kind == ErrorKind::timeout;
    return RpcError{timed_out ? RpcCode::deadline_exceeded : RpcCode::unavailable,
                    make_error(ErrorKind::unavailable, what + ": " + response.error().message)};
  }
  auto parsed = json::parse(response->body, nullptr, false);
  if (response->status == 200) {
    if (parsed.is_discarded()) {
      return RpcError{RpcCode::other, make_error(ErrorKind::unavailable, what + ": answer is not JSON")};
    }
    return parsed;
  }

  const auto [status, message] = net::google_status(parsed);
  RpcCode code = rpc_code_from_status(status, response->status);
  std::string text = what + ": " + (status.empty() ? rpc_code_name(code) : status) + " (HTTP " +
                     std::to_string(response->status) + ")";
  if (!message.empty()) text += ": " + shorten(message);
  Error error = make_error(kind_for(code, verb), text);
  error.retry_after = net::retry_after(*response);
  return RpcError{code, std::move(error)};
}

}  // namespace interview::gcp
