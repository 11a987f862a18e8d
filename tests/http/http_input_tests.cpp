// Pure pieces of the HTTP layer: the client address behind proxies, request
// framing, JSON fields with invalid UTF-8, and internal errors that never
// show their text.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "http/client_address.hpp"
#include "http/connection.hpp"
#include "http/json_io.hpp"

using namespace interview;
using namespace interview::http;

TEST_CASE("the client address is the X-Forwarded-For entry our own proxies appended") {
  CHECK(client_address("127.0.0.1", "203.0.113.9", 0) == "127.0.0.1");  // no proxy trusted
  CHECK(client_address("127.0.0.1", "203.0.113.9", 1) == "203.0.113.9");
  // A client that writes its own header cannot choose its address.
  CHECK(client_address("127.0.0.1", "6.6.6.6, 203.0.113.9", 1) == "203.0.113.9");
  CHECK(client_address("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", 2) == "203.0.113.9");
  CHECK(client_address("127.0.0.1", "", 1) == "127.0.0.1");
  CHECK(client_address("127.0.0.1", "not-an-address", 1) == "127.0.0.1");
  CHECK(client_address("127.0.0.1", " 2001:db8::1 ", 1) == "2001:db8::1");
  CHECK(client_address("127.0.0.1", "203.0.113.9", 3) == "203.0.113.9");  // fewer entries than hops
}

TEST_CASE("request framing follows RFC 9112 and refuses what smuggles") {
  auto head = [](const std::string& headers) { return parse_request_head("POST / HTTP/1.1\r\n" + headers + "\r\n"); };
  CHECK(head("Host: x\r\n").framing == BodyFraming::none);
  auto len = head("Content-Length: 42\r\n");
  CHECK(len.framing == BodyFraming::length);
  CHECK(len.content_length == 42);
  CHECK(head("transfer-encoding: gzip, chunked\r\n").framing == BodyFraming::chunked);
  CHECK(head("Transfer-Encoding: chunked, gzip\r\n").invalid);
  CHECK(head("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n").invalid);
  CHECK(head("Content-Length: 5\r\nContent-Length: 6\r\n").invalid);
  CHECK_FALSE(head("Content-Length: 5\r\nContent-Length: 5\r\n").invalid);
  CHECK(head("Content-Length: -1\r\n").invalid);
  CHECK(head("Content-Length: 99999999999999999999\r\n").invalid);
  CHECK(head("Origin: http://localhost:5173\r\n").origin == "http://localhost:5173");
}

TEST_CASE("a JSON field with invalid UTF-8 is a 422 naming it") {
  auto parse = [](const std::string& body) {
    httplib::Request req;
    req.body = body;
    return parse_json_object(req);
  };
  auto bad = parse("{\"user_id\": \"ab\", \"user_response\": \"caf\xe9 au lait\"}");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::unprocessable);
  CHECK(bad.error().message == "field is not valid UTF-8: user_response");
  auto nested = parse("{\"a\": {\"b\": [\"ok\", \"\xff\"]}}");
  REQUIRE_FALSE(nested);
  CHECK(nested.error().message == "field is not valid UTF-8: a.b[1]");
  auto key = parse("{\"k\xfe\": 1}");
  REQUIRE_FALSE(key);
  CHECK(key.error().kind == ErrorKind::unprocessable);
  auto good = parse("{\"user_response\": \"caf\xc3\xa9 \\u0001\"}");
  REQUIRE(good);
  CHECK((*good)["user_response"] == "caf\xc3\xa9 \x01");
  auto not_object = parse("\"\xff\"");
  REQUIRE_FALSE(not_object);
  CHECK(not_object.error().kind == ErrorKind::bad_request);
}

TEST_CASE("an internal error answers an error id, never its text") {
  httplib::Response res;
  send_error(res, make_error(ErrorKind::internal, "transaction body failed: std::bad_alloc in sqlite3_step"));
  CHECK(res.status == 500);
  auto body = nlohmann::json::parse(res.body);
  CHECK(body["error_id"].get<std::string>().size() == 16);
  CHECK(body["detail"] == "internal error (error id " + body["error_id"].get<std::string>() + ")");
  CHECK(res.body.find("sqlite") == std::string::npos);
  CHECK(res.body.find("bad_alloc") == std::string::npos);
}
