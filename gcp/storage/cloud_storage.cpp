#include "gcp/storage/cloud_storage.hpp"

#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "core/retry/backoff.hpp"
#include "core/storage/resume_files.hpp"
#include "net/http_client.hpp"
#include "net/json_http.hpp"

namespace interview::gcp {
namespace {

// The shared policy's parameters for Cloud Storage: 100 ms doubling to at most
// 1 s, half jitter ([d/2, d]); attempts from the config. A server's
// Retry-After wins when longer, capped at 2 s: a resume upload runs inside a
// candidate's POST /users/, which must not wait for long.
constexpr std::chrono::milliseconds kBackoffBase{100};
constexpr std::chrono::milliseconds kBackoffCap{1000};
constexpr std::chrono::milliseconds kRetryAfterLimit{2000};

retry::Backoff storage_backoff(const CloudStorageConfig& c) {
  return retry::Backoff{kBackoffBase, kBackoffCap, 2.0, c.max_call_attempts, 0.5};
}

std::chrono::milliseconds wait_before(const CloudStorageConfig& c, int retry, std::chrono::milliseconds retry_after) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return retry::at_least_retry_after(retry::delay(storage_backoff(c), retry, draw), retry_after, kRetryAfterLimit);
}

bool retryable_status(long status) { return status == 429 || status == 408 || status >= 500; }

// What one call ended with: the response (any status) or a transport/token failure.
struct Outcome {
  std::optional<net::HttpResponse> response;
  Error failure;  // when there is no response
};

class CloudStorage final : public storage::FileStorage {
 public:
  CloudStorage(CloudStorageConfig config, std::shared_ptr<TokenSource> tokens)
      : config_(std::move(config)), tokens_(std::move(tokens)), root_(config_.api_root()),
        bucket_segment_(net::url_escape(config_.bucket)) {}

  Status put(const std::string& path, const std::string& bytes, const std::string& content_type) override {
    if (!storage::is_safe_object_path(path)) return unsafe(path);
    net::HttpRequest request;
    request.method = "POST";
    request.url = root_ + "/upload/storage/v1/b/" + bucket_segment_ + "/o?uploadType=media&name=" +
                  net::url_escape(path);
    request.headers = {{"Content-Type", content_type.empty() ? "application/octet-stream" : content_type},
                       {"Accept", "application/json"}};
    request.body = bytes;
    auto outcome = call(std::move(request));
    if (!outcome.response) return failed("upload of " + path, outcome.failure);
    if (success(*outcome.response)) return ok_status();
    return failed("upload of " + path, *outcome.response);
  }

  Result<std::string> get(const std::string& path) override {
    if (!storage::is_safe_object_path(path)) return unsafe(path);
    net::HttpRequest request;
    request.method = "GET";
    request.url = object_url(path) + "?alt=media";
    auto outcome = call(std::move(request));
    if (!outcome.response) return failed("download of " + path, outcome.failure);
    auto& response = *outcome.response;
    if (success(response)) return std::move(response.body);
    if (response.status == 404) {
      return make_error(ErrorKind::not_found, "no object " + path + " in " + describe());
    }
    return failed("download of " + path, response);
  }

  Status remove(const std::string& path) override {
    if (!storage::is_safe_object_path(path)) return unsafe(path);
    net::HttpRequest request;
    request.method = "DELETE";
    request.url = object_url(path);
    auto outcome = call(std::move(request));
    if (!outcome.response) return failed("delete of " + path, outcome.failure);
    // Already gone (another janitor, or the bucket's lifecycle rule): done.
    if (success(*outcome.response) || outcome.response->status == 404) return ok_status();
    return failed("delete of " + path, *outcome.response);
  }

  Status ping() override {
    net::HttpRequest request;
    request.method = "GET";
    request.url = root_ + "/storage/v1/b/" + bucket_segment_ + "/o?maxResults=1&prefix=" +
                  net::url_escape(config_.folder.empty() ? std::string() : config_.folder + "/");
    request.headers = {{"Accept", "application/json"}};
    auto outcome = call(std::move(request));
    if (!outcome.response) return failed("listing", outcome.failure);
    if (success(*outcome.response)) return ok_status();
    return failed("listing", *outcome.response);
  }

  std::string folder() const override { return config_.folder; }
  std::optional<std::string> bucket() const override { return config_.bucket; }
  std::string describe() const override { return "gs://" + config_.bucket; }

 private:
  static bool success(const net::HttpResponse& r) { return r.status >= 200 && r.status < 300; }

  std::string object_url(const std::string& path) const {
    return root_ + "/storage/v1/b/" + bucket_segment_ + "/o/" + net::url_escape(path);
  }

  Error unsafe(const std::string& path) const {
    // The path itself may be the trick: name only its length.
    return make_error(ErrorKind::bad_request, "cloud storage " + describe() + ": refused an object path that is not safe (" +
                                                  std::to_string(path.size()) + " bytes)");
  }

  // Named after the bucket and the HTTP status only: the body may echo the
  // request, and nothing of the token ever reaches a message.
  Error failed(const std::string& what, const net::HttpResponse& r) const {
    Error e = make_error(ErrorKind::unavailable,
                         "cloud storage " + describe() + ": " + what + " failed: HTTP " + std::to_string(r.status));
    e.retry_after = net::retry_after(r);
    return e;
  }

  Error failed(const std::string& what, const Error& transport) const {
    ErrorKind kind = transport.kind == ErrorKind::timeout ? ErrorKind::timeout : ErrorKind::unavailable;
    return make_error(kind, "cloud storage " + describe() + ": " + what + " failed: " + transport.message);
  }

  // The request with the current token; a 401 drops the token and is tried
  // once more with a fresh one (within the same attempt).
  Outcome attempt(const net::HttpRequest& base) {
    for (int auth_try = 0;; ++auth_try) {
      net::HttpRequest request = base;
      if (tokens_) {
        auto token = tokens_->token();
        if (!token) return Outcome{std::nullopt, token.error()};
        net::add_bearer(request, *token);
      }
      auto response = net::perform(request);
      if (!response) return Outcome{std::nullopt, response.error()};
      if (response->status == 401 && tokens_ && auth_try == 0) {
        tokens_->invalidate();
        continue;
      }
      return Outcome{std::move(*response), Error{}};
    }
  }

  // Transport and token failures, 408, 429 and 5xx are retried with backoff.
  Outcome call(net::HttpRequest request) {
    request.timeout = config_.request_timeout;
    const int attempts = retry::attempts(storage_backoff(config_));
    Outcome outcome;
    for (int n = 1; n <= attempts; ++n) {
      if (n > 1) {
        auto after = outcome.response ? net::retry_after(*outcome.response) : outcome.failure.retry_after;
        std::this_thread::sleep_for(wait_before(config_, n - 1, after));
      }
      outcome = attempt(request);
      if (outcome.response && !retryable_status(outcome.response->status)) break;
    }
    return outcome;
  }

  CloudStorageConfig config_;
  std::shared_ptr<TokenSource> tokens_;
  std::string root_;
  std::string bucket_segment_;
};

}  // namespace

std::unique_ptr<storage::FileStorage> make_cloud_storage(CloudStorageConfig config, std::shared_ptr<TokenSource> tokens) {
  return std::make_unique<CloudStorage>(std::move(config), std::move(tokens));
}

}  // namespace interview::gcp
