#pragma once
// A Cloud Storage stand-in for tests: cpp-httplib on 127.0.0.1, speaking the
// JSON API subset the adapter (gcp/storage) uses, keeping objects in memory:
//   POST   /upload/storage/v1/b/{bucket}/o?uploadType=media&name={object}
//          (the body is the object, its Content-Type kept as contentType)
//   GET    /storage/v1/b/{bucket}/o/{object}?alt=media   (the bytes)
//   GET    /storage/v1/b/{bucket}/o/{object}             (the object resource)
//   DELETE /storage/v1/b/{bucket}/o/{object}             (204; 404 when absent)
//   GET    /storage/v1/b/{bucket}/o?prefix=&maxResults=  (objects.list)
// Object names are read from the raw request target, so "%2F" and "/" in a
// path are told apart as Google does. Errors are Google's JSON error body
// {"error": {"code", "message", "errors": [{"reason", ...}]}}.
//
// It also plays the metadata server the auth library asks for a token
// (GET /computeMetadata/v1/instance/service-accounts/default/token with
// Metadata-Flavor: Google), answering a fixed token; storage requests must
// carry "Bearer <that token>" (or the emulator's "owner"), else 401.
//
// Every request is recorded. set_failure makes storage requests (not the
// token endpoint) answer a chosen status for a while; stop() and start()
// take the server away and bring it back on the same port. Also runs
// standalone as `fake-gcs-server --port N` (tests/support/fake_gcs_server_main.cpp).
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib { class Server; }

namespace interview::testing {

inline constexpr const char* kFakeGcsToken = "ya29.fake-gcs-token";

struct GcsRequest {
  std::string method;
  std::string path;   // raw, as sent (percent-encoding kept)
  std::string query;  // raw, after '?' (empty when none)
  std::map<std::string, std::string> params;  // the query, decoded
  std::string authorization;                  // the Authorization header ("" when absent)
  std::string content_type;                   // the Content-Type header ("" when absent)
  std::string metadata_flavor;                // the Metadata-Flavor header
  std::string body;
  bool token_request = false;  // the metadata server's token endpoint
  std::string param(const std::string& name) const;
};

struct GcsObject {
  std::string bytes;
  std::string content_type;
  long long generation = 0;
};

struct FakeGcsOptions {
  int port = 0;                      // 0 = any free port (kept across stop/start)
  std::string token = kFakeGcsToken; // what the token endpoint answers
  bool check_token = true;           // storage requests need "Bearer <token>" or "Bearer owner"
  std::set<std::string> buckets;     // the buckets that exist; empty = any bucket exists
};

class FakeGcsServer {
 public:
  explicit FakeGcsServer(FakeGcsOptions options = {});
  ~FakeGcsServer();
  FakeGcsServer(const FakeGcsServer&) = delete;
  FakeGcsServer& operator=(const FakeGcsServer&) = delete;

  bool running() const;
  int port() const { return port_; }
  std::string host_port() const;  // 127.0.0.1:PORT (STORAGE_EMULATOR_HOST, GCE_METADATA_HOST)
  // The server's settings that keep resumes in `bucket` here, through the real
  // Google auth path (this server is also the metadata server).
  std::map<std::string, std::string> server_env(const std::string& bucket) const;
  std::string base_url() const;   // http://127.0.0.1:PORT

  // Stops listening (open connections are closed); the objects stay.
  void stop();
  // Listens again on the same port; false when it cannot.
  bool start();

  // The next `count` storage requests (count < 0: all until clear_failure)
  // answer `status` with Google's error body and, when retry_after_seconds
  // >= 0, a Retry-After header. Nothing is stored or deleted meanwhile.
  void set_failure(int status, int count = -1, int retry_after_seconds = -1);
  void clear_failure();

  // The objects, by bucket and name.
  std::optional<GcsObject> object(const std::string& bucket, const std::string& name) const;
  std::size_t object_count() const;
  void put_object(const std::string& bucket, const std::string& name, std::string bytes, std::string content_type);

  std::vector<GcsRequest> requests() const;  // in arrival order, token requests included
  std::vector<GcsRequest> storage_requests() const;  // without the token requests
  std::size_t request_count() const;
  void clear_requests();

 private:
  struct Answer {
    Answer(int s, std::string b, std::string type = "application/json; charset=UTF-8",
           std::vector<std::pair<std::string, std::string>> h = {})
        : status(s), body(std::move(b)), content_type(std::move(type)), headers(std::move(h)) {}
    int status;
    std::string body;
    std::string content_type;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  Answer answer(GcsRequest& request);
  Answer storage_answer(const GcsRequest& request);
  bool listen();

  FakeGcsOptions options_;
  int port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, GcsObject>> objects_;  // bucket → name → object
  long long generation_ = 1;
  std::vector<GcsRequest> requests_;
  int failure_status_ = 0;
  int failures_left_ = 0;  // < 0: until cleared
  int failure_retry_after_ = -1;
};

}  // namespace interview::testing
