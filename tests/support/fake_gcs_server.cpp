#include "tests/support/fake_gcs_server.hpp"

#include <httplib.h>

#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

namespace interview::testing {
namespace {

using nlohmann::json;

constexpr const char* kTokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";
constexpr const char* kUploadPrefix = "/upload/storage/v1/b/";
constexpr const char* kApiPrefix = "/storage/v1/b/";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX → byte; a malformed escape is kept as it is. '+' is a space only in a query.
std::string percent_decode(const std::string& s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < query.size()) {
    auto end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    auto pair = query.substr(start, end - start);
    auto eq = pair.find('=');
    std::string name = percent_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
    if (!name.empty()) out.emplace(std::move(name), std::move(value));
    start = end + 1;
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string reason_for(int status) {
  switch (status) {
    case 400: return "invalid";
    case 401: return "authError";
    case 403: return "forbidden";
    case 404: return "notFound";
    case 429: return "rateLimitExceeded";
    case 500: return "internalError";
    case 503: return "backendError";
    default: return "backendError";
  }
}

std::string error_body(int status, const std::string& message) {
  return json{{"error",
               {{"code", status},
                {"message", message},
                {"errors", json::array({{{"message", message}, {"domain", "global"}, {"reason", reason_for(status)}}})}}}}
      .dump();
}

json object_resource(const std::string& bucket, const std::string& name, const GcsObject& o) {
  return {{"kind", "storage#object"},
          {"id", bucket + "/" + name + "/" + std::to_string(o.generation)},
          {"name", name},
          {"bucket", bucket},
          {"generation", std::to_string(o.generation)},
          {"contentType", o.content_type},
          {"size", std::to_string(o.bytes.size())}};
}

}  // namespace

std::string GcsRequest::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

FakeGcsServer::FakeGcsServer(FakeGcsOptions options) : options_(std::move(options)), port_(options_.port) {
  listen();
}

FakeGcsServer::~FakeGcsServer() { stop(); }

bool FakeGcsServer::running() const { return server_ && server_->is_running(); }

std::string FakeGcsServer::host_port() const { return "127.0.0.1:" + std::to_string(port_); }

std::map<std::string, std::string> FakeGcsServer::server_env(const std::string& bucket) const {
  return {{"RESUME_STORAGE", "cloud-storage"},
          {"GCS_BUCKET_NAME", bucket},
          {"STORAGE_EMULATOR_HOST", host_port()},
          {"GCE_METADATA_HOST", host_port()}};
}

std::string FakeGcsServer::base_url() const { return "http://" + host_port(); }

void FakeGcsServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

bool FakeGcsServer::start() {
  if (running()) return true;
  stop();
  return listen();
}

bool FakeGcsServer::listen() {
  auto server = std::make_unique<httplib::Server>();
  server->set_tcp_nodelay(true);
  // An idle keep-alive connection is closed after ~10 ms (httplib's poll step):
  // stop() waits for the connections' threads, and clients reconnect anyway.
  server->set_keep_alive_timeout(0);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    GcsRequest r;
    r.method = req.method;
    auto q = req.target.find('?');
    r.path = req.target.substr(0, q);
    r.query = q == std::string::npos ? std::string() : req.target.substr(q + 1);
    r.params = parse_query(r.query);
    r.authorization = req.get_header_value("Authorization");
    r.content_type = req.get_header_value("Content-Type");
    r.metadata_flavor = req.get_header_value("Metadata-Flavor");
    r.body = req.body;
    Answer a = answer(r);
    res.status = a.status;
    for (const auto& [name, value] : a.headers) res.set_header(name.c_str(), value);
    if (a.status != 204) res.set_content(a.body, a.content_type.c_str());
  };
  server->Get(".*", handler);
  server->Post(".*", handler);
  server->Put(".*", handler);
  server->Patch(".*", handler);
  server->Delete(".*", handler);
  int port = port_ == 0 ? server->bind_to_any_port("127.0.0.1")
                        : (server->bind_to_port("127.0.0.1", port_) ? port_ : -1);
  if (port <= 0) return false;
  port_ = port;
  server_ = std::move(server);
  thread_ = std::thread([s = server_.get()] { s->listen_after_bind(); });
  // stop() before the accept loop runs would be lost: wait for it.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return server_->is_running();
}

void FakeGcsServer::set_failure(int status, int count, int retry_after_seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  failure_status_ = status;
  failures_left_ = count;
  failure_retry_after_ = retry_after_seconds;
}

void FakeGcsServer::clear_failure() { set_failure(0, 0, -1); }

std::optional<GcsObject> FakeGcsServer::object(const std::string& bucket, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto b = objects_.find(bucket);
  if (b == objects_.end()) return std::nullopt;
  auto o = b->second.find(name);
  if (o == b->second.end()) return std::nullopt;
  return o->second;
}

std::size_t FakeGcsServer::object_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const auto& [bucket, objects] : objects_) n += objects.size();
  return n;
}

void FakeGcsServer::put_object(const std::string& bucket, const std::string& name, std::string bytes,
                               std::string content_type) {
  std::lock_guard<std::mutex> lock(mutex_);
  objects_[bucket][name] = GcsObject{std::move(bytes), std::move(content_type), generation_++};
}

std::vector<GcsRequest> FakeGcsServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<GcsRequest> FakeGcsServer::storage_requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<GcsRequest> out;
  for (const auto& r : requests_) {
    if (!r.token_request) out.push_back(r);
  }
  return out;
}

std::size_t FakeGcsServer::request_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

void FakeGcsServer::clear_requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.clear();
}

FakeGcsServer::Answer FakeGcsServer::answer(GcsRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  request.token_request = request.path == kTokenPath;
  requests_.push_back(request);
  if (request.token_request) {
    if (request.method != "GET") return Answer{405, error_body(405, "method not allowed")};
    if (request.metadata_flavor != "Google") {
      return Answer{403, "Missing Metadata-Flavor:Google header.", "text/html; charset=UTF-8"};
    }
    return Answer{200, json{{"access_token", options_.token}, {"expires_in", 3599}, {"token_type", "Bearer"}}.dump()};
  }
  if (failure_status_ != 0 && failures_left_ != 0) {
    if (failures_left_ > 0) --failures_left_;
    Answer a{failure_status_, error_body(failure_status_, "We encountered an internal error. Please try again.")};
    if (failure_retry_after_ >= 0) a.headers.emplace_back("Retry-After", std::to_string(failure_retry_after_));
    return a;
  }
  if (options_.check_token && request.authorization != "Bearer " + options_.token &&
      request.authorization != "Bearer owner") {
    return Answer{401, error_body(401, "Invalid Credentials"), "application/json; charset=UTF-8",
                  {{"WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\""}}};
  }
  return storage_answer(request);
}

// Called with mutex_ held.
FakeGcsServer::Answer FakeGcsServer::storage_answer(const GcsRequest& request) {
  const bool upload = starts_with(request.path, kUploadPrefix);
  if (!upload && !starts_with(request.path, kApiPrefix)) return Answer{404, error_body(404, "Not Found")};
  std::string rest = request.path.substr(upload ? std::string(kUploadPrefix).size() : std::string(kApiPrefix).size());
  // rest = {bucket}/o  or  {bucket}/o/{object}
  auto slash = rest.find('/');
  if (slash == std::string::npos) return Answer{404, error_body(404, "Not Found")};
  const std::string bucket = percent_decode(rest.substr(0, slash), false);
  std::string tail = rest.substr(slash);
  std::optional<std::string> object_name;
  if (tail == "/o") {
    // the collection
  } else if (starts_with(tail, "/o/") && tail.size() > 3) {
    const std::string raw = tail.substr(3);
    // An unencoded '/' makes more path segments: no such route, as at Google.
    if (raw.find('/') != std::string::npos) return Answer{404, error_body(404, "Not Found")};
    object_name = percent_decode(raw, false);
  } else {
    return Answer{404, error_body(404, "Not Found")};
  }
  if (!options_.buckets.empty() && options_.buckets.count(bucket) == 0) {
    return Answer{404, error_body(404, "The specified bucket does not exist.")};
  }
  auto& objects = objects_[bucket];

  if (upload) {
    if (request.method != "POST" || object_name) return Answer{404, error_body(404, "Not Found")};
    if (request.param("uploadType") != "media") {
      return Answer{400, error_body(400, "Upload requests must include an uploadType URL parameter and a URL.")};
    }
    const std::string name = request.param("name");
    if (name.empty()) return Answer{400, error_body(400, "Required parameter: name")};
    std::string type = request.content_type.empty() ? "application/octet-stream" : request.content_type;
    GcsObject& o = objects[name];
    o = GcsObject{request.body, std::move(type), generation_++};
    return Answer{200, object_resource(bucket, name, o).dump()};
  }

  if (!object_name) {
    if (request.method != "GET") return Answer{405, error_body(405, "method not allowed")};
    const std::string prefix = request.param("prefix");
    std::size_t limit = 1000;
    if (!request.param("maxResults").empty()) {
      try {
        limit = static_cast<std::size_t>(std::stoul(request.param("maxResults")));
      } catch (const std::exception&) {
        return Answer{400, error_body(400, "Invalid value for maxResults")};
      }
    }
    json body = {{"kind", "storage#objects"}};
    json items = json::array();
    bool more = false;
    for (const auto& [name, o] : objects) {
      if (!starts_with(name, prefix)) continue;
      if (items.size() >= limit) {
        more = true;
        break;
      }
      items.push_back(object_resource(bucket, name, o));
    }
    if (!items.empty()) body["items"] = std::move(items);  // Google leaves it out when empty
    if (more) body["nextPageToken"] = "more";
    return Answer{200, body.dump()};
  }

  auto it = objects.find(*object_name);
  if (request.method == "GET") {
    if (it == objects.end()) return Answer{404, error_body(404, "No such object: " + bucket + "/" + *object_name)};
    if (request.param("alt") == "media") return Answer{200, it->second.bytes, it->second.content_type};
    return Answer{200, object_resource(bucket, *object_name, it->second).dump()};
  }
  if (request.method == "DELETE") {
    if (it == objects.end()) return Answer{404, error_body(404, "No such object: " + bucket + "/" + *object_name)};
    objects.erase(it);
    return Answer{204, ""};
  }
  return Answer{405, error_body(405, "method not allowed")};
}

}  // namespace interview::testing
