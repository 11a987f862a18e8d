#pragma once
// A local HTTP server for adapter tests: records every request and answers
// from a script (a queue of replies, then a fallback). Listens on 127.0.0.1,
// on a free port.
#include <httplib.h>

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace interview::testing {

struct RecordedRequest {
  std::string method;
  std::string path;
  std::string body;
  std::multimap<std::string, std::string> headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Reply {
  Reply(int s = 200, std::string b = "{}", std::string type = "application/json")
      : status(s), body(std::move(b)), content_type(std::move(type)) {}
  int status;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
};

class ScriptedServer {
 public:
  ScriptedServer() {
    server_.set_tcp_nodelay(true);
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Reply reply;
      {
        std::lock_guard<std::mutex> lock(mu_);
        RecordedRequest r{req.method, req.path, req.body, {}};
        for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
        requests_.push_back(std::move(r));
        if (!script_.empty()) {
          reply = script_.front();
          script_.pop_front();
        } else {
          reply = fallback_;
        }
      }
      res.status = reply.status;
      for (const auto& [k, v] : reply.headers) res.set_header(k.c_str(), v);
      res.set_content(reply.body, reply.content_type.c_str());
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a test server");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost: wait for it.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ScriptedServer() {
    server_.stop();
    thread_.join();
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string host_port() const { return "127.0.0.1:" + std::to_string(port_); }

  void then(Reply r) {
    std::lock_guard<std::mutex> lock(mu_);
    script_.push_back(std::move(r));
  }
  void otherwise(Reply r) {
    std::lock_guard<std::mutex> lock(mu_);
    fallback_ = std::move(r);
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::deque<Reply> script_;
  Reply fallback_{404, R"({"error":{"code":404,"message":"not scripted","status":"NOT_FOUND"}})"};
  std::vector<RecordedRequest> requests_;
};

// A google.rpc.Status error body.
inline Reply rpc_error(int http, const std::string& status, const std::string& message) {
  return Reply{http, R"({"error":{"code":)" + std::to_string(http) + R"(,"message":")" + message +
                         R"(","status":")" + status + R"("}})"};
}

}  // namespace interview::testing
