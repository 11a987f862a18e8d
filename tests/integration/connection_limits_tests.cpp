// The bare binary's connection layer, as Cloud Run runs it (no front of
// ours): pipelining, body limits on every framing, header deadlines, a full
// house answered 503 at once, many idle keep-alive connections on few
// threads, invalid UTF-8, and the client address behind trusted proxies.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/raw_socket.hpp"
#include "tests/support/server_process.hpp"
#include "tests/integration/store_under_test.hpp"

using namespace interview::testing;
using namespace std::chrono_literals;

namespace {

std::string get_request(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

std::string multipart_with(const std::string& first_name) {
  std::string b = "--XyZ\r\n";
  auto field = [&](const std::string& name, const std::string& value) {
    b += "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n--XyZ\r\n";
  };
  field("first_name", first_name);
  field("last_name", "Lovelace");
  field("email", "ada@example.com");
  field("phone", "123");
  b += "Content-Disposition: form-data; name=\"resume\"; filename=\"r.txt\"\r\nContent-Type: text/plain\r\n\r\n"
       "Ada Lovelace\nPython, React, Google Cloud\n\r\n--XyZ--\r\n";
  return b;
}

// Sends `request` on `s`; the one response, which must arrive within `timeout`.
RawResponse answer_to(RawSocket& s, const std::string& request, std::chrono::milliseconds timeout = 10s) {
  REQUIRE(s.send(request));
  auto r = s.read_response(timeout);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("requests pipelined on one connection are all answered, in order") {
  StoreUnderTest dir("cl-pipe");
  ServerProcess server(dir.env());
  RawSocket s(server.port());
  REQUIRE(s.connected());
  REQUIRE(s.send(get_request("/health/live") + get_request("/status/" + std::string(32, 'a')) + get_request("/")));
  auto first = s.read_response(), second = s.read_response(), third = s.read_response();
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  CHECK(first->status == 200);
  CHECK(second->status == 404);  // unknown user: proves the order
  CHECK(third->status == 200);
  CHECK(third->body.find("version") != std::string::npos);
}

TEST_CASE("a body over the limit is refused on every framing before it is buffered") {
  StoreUnderTest dir("cl-body");
  ServerProcess server(dir.env({{"RESUME_MAX_BYTES", "100000"}}));
  const long limit_kib = (100000 + 1024 * 1024) / 1024;

  SUBCASE("Content-Length over the limit: 413 at once, body unread") {
    RawSocket s(server.port());
    auto r = answer_to(s, "POST /users HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                          "Content-Length: 500000000\r\n\r\n", 3s);
    CHECK(r.status == 413);
    CHECK(r.body.find("too large") != std::string::npos);
    CHECK(s.wait_closed(3s));
  }

  SUBCASE("an endless chunked upload: 413 once past the limit, memory flat") {
    long before = rss_kib(server.pid());
    RawSocket s(server.port());
    REQUIRE(s.send("POST /users HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n"));
    std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
    long sent = 0;
    // Ten times the limit, unless the server stops taking it first.
    while (sent < 10 * limit_kib * 1024 && s.send(chunk)) sent += static_cast<long>(chunk.size());
    auto r = s.read_response(5s);
    REQUIRE(r);
    CHECK(r->status == 413);
    long grown = rss_kib(server.pid()) - before;
    MESSAGE("sent " << sent / 1024 << " KiB; server RSS grew " << grown << " KiB");
    CHECK(grown < 2 * limit_kib + 4096);
  }

  SUBCASE("no Content-Length and no Transfer-Encoding means no body, not a wait for the close") {
    RawSocket s(server.port());
    auto start = std::chrono::steady_clock::now();
    auto r = answer_to(s, "POST /users/join HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n\r\n", 3s);
    CHECK(r.status == 400);
    CHECK(std::chrono::steady_clock::now() - start < 2s);
  }

  SUBCASE("both Content-Length and Transfer-Encoding is refused (request smuggling)") {
    RawSocket s(server.port());
    auto r = answer_to(s, "POST /users/join HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "0\r\n\r\n", 3s);
    CHECK(r.status == 400);
  }

  // The server is still fine for everyone else.
  auto c = server.client();
  CHECK(get(c, "/health/live").status == 200);
}

TEST_CASE("invalid UTF-8 in a form or JSON field is a 422 naming the field, and nothing is stored") {
  StoreUnderTest dir("cl-utf8");
  ServerProcess server(dir.env());
  auto c = server.client();
  auto r = to_reply(c.Post("/users", multipart_with("Ada\xff\xfe"), "multipart/form-data; boundary=XyZ"));
  CHECK_MESSAGE(r.status == 422, r.raw);
  CHECK(r.body["detail"] == "field is not valid UTF-8: first_name");
  CHECK(dir.count("users") == 0);

  std::string id = new_user(c);
  auto before = dir.count("queue");
  auto j = post_json(c, "/users/join", "{\"user_id\": \"" + id + "\", \"note\": \"caf\xe9\"}");
  CHECK_MESSAGE(j.status == 422, j.raw);
  CHECK(j.body["detail"] == "field is not valid UTF-8: note");
  auto k = post_json(c, "/interview/respond", "{\"user_id\": \"" + id + "\", \"user_response\": \"\xc3\x28\"}");
  CHECK_MESSAGE(k.status == 422, k.raw);
  CHECK(k.body["detail"] == "field is not valid UTF-8: user_response");
  CHECK(dir.count("queue") == before);
  CHECK(r.raw.find("json") == std::string::npos);  // no library exception text
}

TEST_CASE("slow and silent clients are closed at the header deadline and delay no one") {
  StoreUnderTest dir("cl-slow");
  ServerProcess server(dir.env({{"HTTP_HEADER_TIMEOUT_SECONDS", "2"}, {"HTTP_THREADS", "4"}}));
  const int n = 60;
  std::vector<std::unique_ptr<RawSocket>> silent, slow;
  for (int i = 0; i < n; ++i) {
    silent.push_back(std::make_unique<RawSocket>(server.port()));
    slow.push_back(std::make_unique<RawSocket>(server.port()));
  }
  std::atomic<bool> stop{false};
  std::thread dribble([&] {
    const std::string header = "GET /health HTTP/1.1\r\nHost: t\r\nX-Pad: " + std::string(200, 'a');
    for (std::size_t at = 0; at < header.size() && !stop; ++at) {
      for (auto& s : slow) s->send(header.substr(at, 1));
      std::this_thread::sleep_for(300ms);
    }
  });
  // A new visitor meanwhile: answered quickly, every time.
  auto c = server.client();
  for (int i = 0; i < 10; ++i) {
    auto start = std::chrono::steady_clock::now();
    CHECK(get(c, "/health/live").status == 200);
    CHECK(std::chrono::steady_clock::now() - start < 1s);
    std::this_thread::sleep_for(100ms);
  }
  int silent_closed = 0, slow_closed = 0;
  for (auto& s : silent)
    if (auto t = s->wait_closed(5s); t) ++silent_closed;
  for (auto& s : slow)
    if (auto t = s->wait_closed(5s); t) ++slow_closed;
  stop = true;
  dribble.join();
  CHECK(silent_closed == n);
  CHECK(slow_closed == n);
}

TEST_CASE("with every worker busy and the backlog full, a request gets 503 with Retry-After at once") {
  StoreUnderTest dir("cl-busy");
  ServerProcess server(dir.env({{"HTTP_THREADS", "4"}, {"HTTP_QUEUE_LIMIT", "0"}}));
  // Four uploads that stop halfway hold the four workers in their body reads.
  std::vector<std::unique_ptr<RawSocket>> holders;
  for (int i = 0; i < 4; ++i) {
    holders.push_back(std::make_unique<RawSocket>(server.port()));
    REQUIRE(holders.back()->send("POST /users/join HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                 "Content-Length: 100\r\n\r\n{\"user_id\":"));
  }
  std::this_thread::sleep_for(500ms);
  RawSocket visitor(server.port());
  auto start = std::chrono::steady_clock::now();
  auto r = answer_to(visitor, get_request("/health/live"), 3s);
  CHECK(r.status == 503);
  CHECK(r.header("Retry-After") == "1");
  CHECK(r.body.find("busy") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  // The holders leave; the workers are free again.
  holders.clear();
  auto c = server.client();
  int status = 0;
  for (int i = 0; i < 20 && status != 200; ++i, std::this_thread::sleep_for(100ms)) status = get(c, "/health/live").status;
  CHECK(status == 200);
}

TEST_CASE("connections over the cap get 503 at once") {
  StoreUnderTest dir("cl-cap");
  ServerProcess server(dir.env({{"HTTP_MAX_CONNECTIONS", "5"}}));
  std::vector<std::unique_ptr<RawSocket>> open;
  for (int i = 0; i < 5; ++i) open.push_back(std::make_unique<RawSocket>(server.port()));
  std::this_thread::sleep_for(300ms);
  RawSocket over(server.port());
  auto r = over.read_response(3s);
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->header("Retry-After") == "1");
  open.clear();
  std::this_thread::sleep_for(300ms);
  auto c = server.client();
  CHECK(get(c, "/health/live").status == 200);
}

TEST_CASE("hundreds of idle keep-alive connections are served by a few threads") {
  StoreUnderTest dir("cl-idle");
  ServerProcess server(dir.env({{"HTTP_THREADS", "4"}}));
  std::vector<std::unique_ptr<RawSocket>> pollers;
  for (int i = 0; i < 300; ++i) pollers.push_back(std::make_unique<RawSocket>(server.port()));
  int answered = 0;
  for (int round = 0; round < 2; ++round)
    for (auto& p : pollers) {
      if (!p->send(get_request("/health/live"))) continue;
      if (auto r = p->read_response(2s); r && r->status == 200) ++answered;
    }
  CHECK(answered == 600);
}

TEST_CASE("X-Forwarded-For names the client only through the configured proxy hops") {
  StoreUnderTest dir("cl-xff");
  auto remote_ip_of = [](ServerProcess& server, const std::string& marker) {
    auto out = server.output();
    auto at = out.find(marker);
    if (at == std::string::npos) return std::string("(no log line)");
    auto line_start = out.rfind('\n', at);
    auto line = out.substr(line_start + 1, out.find('\n', at) - line_start - 1);
    auto ip = line.find("\"remoteIp\":\"");
    return ip == std::string::npos ? line : line.substr(ip + 12, line.find('"', ip + 12) - ip - 12);
  };
  SUBCASE("one trusted hop: the entry the proxy appended") {
    ServerProcess server(dir.env({{"TRUSTED_PROXY_HOPS", "1"}, {"ACCESS_LOG", "true"}, {"LOG_FORMAT", "json"}}));
    RawSocket s(server.port());
    answer_to(s, get_request("/health/live?m=one", "X-Forwarded-For: 203.0.113.9, 198.51.100.7\r\n"));
    std::this_thread::sleep_for(200ms);
    CHECK(remote_ip_of(server, "m=one") == "198.51.100.7");
    // Operator routes answer loopback only without a token: a forwarded
    // outside client is not loopback, even though its proxy is.
    RawSocket t(server.port());
    CHECK(answer_to(t, get_request("/stats", "X-Forwarded-For: 203.0.113.9\r\n")).status == 401);
  }
  SUBCASE("no trusted hop: the header is ignored") {
    ServerProcess server(dir.env({{"ACCESS_LOG", "true"}, {"LOG_FORMAT", "json"}}));
    RawSocket s(server.port(), "127.0.0.2");
    REQUIRE(s.connected());
    answer_to(s, get_request("/health/live?m=none", "X-Forwarded-For: 203.0.113.9\r\n"));
    std::this_thread::sleep_for(200ms);
    CHECK(remote_ip_of(server, "m=none") == "127.0.0.2");
  }
}
