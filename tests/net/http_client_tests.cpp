#include <doctest/doctest.h>

#include "net/http_client.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview;
using namespace interview::testing;
using std::chrono::milliseconds;

TEST_CASE("POST with headers and body; response headers lower-cased; any status is a perform") {
  FakeLlmServer server;
  ScriptedReply reply;
  reply.status = 418;
  reply.body = "teapot";
  reply.headers = {{"X-Custom-Thing", " value "}};
  server.push(reply);
  net::HttpRequest req;
  req.method = "POST";
  req.url = server.base_url() + "/anything";
  req.headers = {{"X-Test", "1"}};
  req.body = std::string(5000, 'a');  // large enough that curl would send Expect: 100-continue
  auto r = net::perform(req);
  REQUIRE(r.ok());
  CHECK(r->status == 418);
  CHECK(r->body == "teapot");
  CHECK(r->header("x-custom-thing") == std::optional<std::string>("value"));
  CHECK_FALSE(r->header("X-Custom-Thing").has_value());  // callers pass lower-case names
  auto sent = server.requests().at(0);
  CHECK(sent.header("x-test") == std::optional<std::string>("1"));
  CHECK(sent.body.size() == 5000);
  CHECK_FALSE(sent.header("expect").has_value());
}

TEST_CASE("GET works") {
  FakeLlmServer server;
  net::HttpRequest req;
  req.url = server.base_url() + "/healthz";
  auto r = net::perform(req);
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "ok");
}

TEST_CASE("timeout and connection refused are distinct errors; the query is not echoed") {
  FakeLlmServer server;
  server.push(canned::delayed(canned::malformed(), milliseconds(3000)));
  net::HttpRequest req;
  req.method = "POST";
  req.url = server.base_url() + "/slow?key=SECRET";
  req.timeout = milliseconds(200);
  auto slow = net::perform(req);
  REQUIRE_FALSE(slow.ok());
  CHECK(slow.error().kind == ErrorKind::timeout);
  CHECK(slow.error().message.find("SECRET") == std::string::npos);
  int port = server.port();
  server.stop();
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto refused = net::perform(req);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::unavailable);
}

TEST_CASE("Retry-After: seconds, fractions, HTTP dates, garbage") {
  using namespace std::chrono;
  CHECK(net::parse_retry_after("7") == milliseconds(7000));
  CHECK(net::parse_retry_after(" 0 ") == milliseconds(0));
  CHECK(net::parse_retry_after("1.5") == milliseconds(1500));
  auto now = system_clock::from_time_t(784111767);  // Sun, 06 Nov 1994 08:49:27 GMT
  CHECK(net::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == milliseconds(10000));
  CHECK(net::parse_retry_after("Sun, 06 Nov 1994 08:49:17 GMT", now) == milliseconds(0));
  CHECK_FALSE(net::parse_retry_after("soon").has_value());
  CHECK_FALSE(net::parse_retry_after("").has_value());
}
