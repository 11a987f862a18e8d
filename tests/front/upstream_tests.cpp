// nginx alone, rendered by front/render-nginx-conf, in front of a stand-in
// backend the test controls: what reaches the server (forwarded address,
// forged headers dropped, chunked bodies arriving with Content-Length, reused
// connections), and the answer when no server listens (502 JSON, Retry-After).
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/front/front_process.hpp"

using namespace interview::testing;
using namespace std::chrono_literals;

namespace {

// nginx from PATH, else Debian's.
std::string nginx_binary() {
  std::stringstream path(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(path, dir, ':');)
    if (!dir.empty() && access((dir + "/nginx").c_str(), X_OK) == 0) return dir + "/nginx";
  return "/usr/sbin/nginx";
}

// nginx with the repository's configuration, rendered for `env`.
class NginxAlone {
 public:
  explicit NginxAlone(const std::map<std::string, std::string>& env) : port_(free_port()) {
    std::string command = "env";
    for (const auto& [k, v] : env) command += " " + k + "='" + v + "'";
    command += " PORT=" + std::to_string(port_) + " HOST=127.0.0.1 " + repo_root() + "/front/render-nginx-conf " +
               dir_.path() + " 2>" + dir_.path() + "/render.log";
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
    ChildProcess::Options own_group;
    own_group.own_group = true;
    nginx_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{nginx_binary(), "-e", "stderr", "-p", dir_.path(), "-c", dir_.path() + "/nginx.conf"},
        Env{}, own_group);
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!port_open(port_)) {
      REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "nginx did not start: " << log());
      std::this_thread::sleep_for(20ms);
    }
  }
  ~NginxAlone() {
    nginx_->signal(SIGQUIT);
    nginx_->wait_exit(5s);
    kill(-nginx_->pid(), SIGKILL);
  }
  int port() const { return port_; }
  std::string log() const { return nginx_->err(); }

 private:
  TempDir dir_{"front-test"};
  int port_;
  std::unique_ptr<ChildProcess> nginx_;
};

// A stand-in for the server: records what arrives.
class Backend {
 public:
  struct Seen {
    std::string method, path, body;
    httplib::Headers headers;
    int remote_port = 0;
  };
  Backend() : port_(free_port()) {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      seen_.push_back({req.method, req.path, req.body, req.headers, req.remote_port});
      res.set_content(R"({"ok":true})", "application/json");
    };
    server_.set_keep_alive_max_count(100000);
    server_.Get(".*", record);
    server_.Post(".*", record);
    thread_ = std::thread([this] { server_.listen("127.0.0.1", port_); });
    while (!server_.is_running()) std::this_thread::sleep_for(5ms);
  }
  ~Backend() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::vector<Seen> seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_;
  }

 private:
  int port_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Seen> seen_;
};

std::string header(const httplib::Headers& h, const std::string& name) {
  auto it = h.find(name);
  return it == h.end() ? "" : it->second;
}

RawResponse ask(int port, const std::string& request, const std::string& source = "") {
  auto c = RawSocket::open(port, source);
  REQUIRE(c.send(request));
  auto raw = c.read_responses(1, 10s);
  auto r = parse_responses(raw);
  REQUIRE_MESSAGE(r.size() == 1, raw);
  return r.front();
}

}  // namespace

TEST_CASE("the server gets the client's address appended to X-Forwarded-For and no forged address headers") {
  Backend backend;
  NginxAlone nginx(Env{{"BACKEND_PORT", std::to_string(backend.port())}});
  auto r = ask(nginx.port(), "GET /health/live HTTP/1.1\r\nHost: front.example\r\nX-Forwarded-For: 203.0.113.7\r\n"
                             "X-Real-IP: 203.0.113.8\r\nForwarded: for=203.0.113.9\r\n\r\n", "127.0.0.2");
  CHECK(r.status == 200);
  auto seen = backend.seen();
  REQUIRE(seen.size() == 1);
  CHECK(header(seen[0].headers, "X-Forwarded-For") == "203.0.113.7, 127.0.0.2");
  CHECK(header(seen[0].headers, "X-Forwarded-Proto") == "http");
  CHECK(header(seen[0].headers, "Host") == "front.example");
  CHECK_FALSE(seen[0].headers.count("X-Real-IP"));
  CHECK_FALSE(seen[0].headers.count("Forwarded"));
  CHECK(header(seen[0].headers, "X-Request-Start").rfind("t=", 0) == 0);
}

TEST_CASE("a chunked upload reaches the server whole, with Content-Length") {
  Backend backend;
  NginxAlone nginx(Env{{"BACKEND_PORT", std::to_string(backend.port())}});
  std::string body(40000, 'b');
  std::string request = "POST /users HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 10000) request += "2710\r\n" + body.substr(at, 10000) + "\r\n";
  request += "0\r\n\r\n";
  auto r = ask(nginx.port(), request);
  CHECK(r.status == 200);
  auto seen = backend.seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].body == body);
  CHECK(header(seen[0].headers, "Content-Length") == std::to_string(body.size()));
  CHECK_FALSE(seen[0].headers.count("Transfer-Encoding"));
}

TEST_CASE("requests from many clients reuse a few kept-alive connections to the server") {
  Backend backend;
  NginxAlone nginx(Env{{"BACKEND_PORT", std::to_string(backend.port())}});
  for (int i = 0; i < 20; ++i) CHECK(ask(nginx.port(), "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").status == 200);
  auto seen = backend.seen();
  REQUIRE(seen.size() == 20);
  std::set<int> connections;
  for (const auto& s : seen) {
    connections.insert(s.remote_port);
    CHECK(header(s.headers, "Connection") != "close");
  }
  CHECK(connections.size() == 1);
}

TEST_CASE("with no server listening nginx answers 502 JSON with Retry-After") {
  NginxAlone nginx(Env{{"BACKEND_PORT", std::to_string(free_port())}});
  auto r = ask(nginx.port(), "GET /users/u1/status HTTP/1.1\r\nHost: t\r\nOrigin: http://localhost:3000\r\n\r\n");
  CHECK(r.status == 502);
  CHECK(r.headers["retry-after"] == "5");
  CHECK(r.headers["content-type"] == "application/json");
  CHECK(r.headers["access-control-allow-origin"] == "http://localhost:3000");
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  REQUIRE_MESSAGE(body.is_object(), r.body);
  CHECK(body["detail"] == "service unavailable");
  CHECK(body["message"] == body["detail"]);
}
