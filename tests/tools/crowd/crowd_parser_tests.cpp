// The load client's response parser: where a response ends decides every count
// the load tests assert on, so it is tested on its own.
#include "tools/crowd/http_response.hpp"

#include <doctest/doctest.h>

#include <string>

using crowd::Response;
using crowd::ResponseParser;
using R = ResponseParser::Result;

TEST_CASE("content-length responses, several in one read (pipelining), in order") {
  ResponseParser p(true);
  std::string a = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"one\"}";
  std::string b = "HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}";
  std::string both = a + b;
  Response r;
  // byte by byte: never complete early
  for (size_t i = 0; i < a.size() - 1; ++i) {
    p.feed(&both[i], 1);
    REQUIRE(p.next(r) == R::need_more);
  }
  p.feed(both.data() + a.size() - 1, both.size() - a.size() + 1);
  REQUIRE(p.next(r) == R::complete);
  CHECK(r.status == 200);
  CHECK(r.body == "{\"a\":\"one\"}");
  CHECK_FALSE(r.close);
  REQUIRE(p.next(r) == R::complete);
  CHECK(r.status == 404);
  CHECK(r.body == "{}");
  CHECK(p.next(r) == R::need_more);
  CHECK_FALSE(p.mid_response());
}

TEST_CASE("chunked responses, with extensions and trailers") {
  ResponseParser p(true);
  std::string s =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n"
      "HTTP/1.1 204 No Content\r\n\r\n";
  Response r;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    p.feed(&s[i], 1);
    auto res = p.next(r);
    if (res == R::complete) break;
    REQUIRE(res == R::need_more);
  }
  // complete exactly at the blank line after the trailers, not before
  REQUIRE(i < s.size());
  CHECK(s.compare(i - 3, 4, "\r\n\r\n") == 0);
  CHECK(r.status == 200);
  CHECK(r.body == "helloabcdefghijklmnopqrstuvwxyz");
  CHECK(r.close);
  std::string rest = s.substr(i + 1);
  p.feed(rest.data(), rest.size());
  REQUIRE(p.next(r) == R::complete);
  CHECK(r.status == 204);
  CHECK(p.next(r) == R::need_more);
}

TEST_CASE("interim 100 Continue is skipped; 204 and 304 have no body") {
  ResponseParser p;
  std::string s = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
                  "HTTP/1.1 204 No Content\r\n\r\n";
  p.feed(s.data(), s.size());
  Response r;
  REQUIRE(p.next(r) == R::complete);
  CHECK(r.status == 304);
  REQUIRE(p.next(r) == R::complete);
  CHECK(r.status == 204);
}

TEST_CASE("a body without length ends at end of stream; HTTP/1.0 closes") {
  ResponseParser p(true);
  std::string s = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\npartial";
  p.feed(s.data(), s.size());
  Response r;
  REQUIRE(p.next(r) == R::need_more);
  CHECK(p.mid_response());
  p.feed(" body", 5);
  REQUIRE(p.next(r) == R::need_more);
  REQUIRE(p.at_eof(r) == R::complete);
  CHECK(r.body == "partial body");
  CHECK(r.close);
}

TEST_CASE("garbage is an error, not a hang") {
  ResponseParser p;
  std::string s = "SSH-2.0-OpenSSH\r\n\r\n";
  p.feed(s.data(), s.size());
  Response r;
  CHECK(p.next(r) == R::error);
  ResponseParser q;
  std::string t = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
  q.feed(t.data(), t.size());
  CHECK(q.next(r) == R::error);
  ResponseParser big;
  std::string h = "HTTP/1.1 200 OK\r\nX: " + std::string(70000, 'a');
  big.feed(h.data(), h.size());
  CHECK(big.next(r) == R::error);
}
