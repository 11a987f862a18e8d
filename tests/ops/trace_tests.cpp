// parse_trace(): X-Cloud-Trace-Context and W3C traceparent, valid and invalid.
#include <doctest/doctest.h>

#include "ops/trace_context.hpp"

using interview::ops::parse_trace;

namespace {

// parse_trace(cloud, w3c) finds this trace id, span id and sampling flag.
void check_trace(const char* cloud, const char* w3c, const char* trace_id, const char* span_id, bool sampled) {
  INFO("X-Cloud-Trace-Context: " << cloud << ", traceparent: " << w3c);
  auto t = parse_trace(cloud, w3c);
  REQUIRE(t);
  CHECK(t->trace_id == trace_id);
  CHECK(t->span_id == span_id);
  CHECK(t->sampled == sampled);
}

}  // namespace

TEST_CASE("X-Cloud-Trace-Context with span and options") {
  check_trace("105445aa7843bc8bf206b12000100000/1;o=1", "", "105445aa7843bc8bf206b12000100000", "0000000000000001",
              true);
  check_trace("105445AA7843BC8BF206B12000100000/18446744073709551615;o=0", "",
              "105445aa7843bc8bf206b12000100000" /* lowercased */, "ffffffffffffffff", false);
  auto bare = parse_trace("105445aa7843bc8bf206b12000100000", "");
  REQUIRE(bare);
  CHECK(bare->span_id.empty());
}

TEST_CASE("malformed X-Cloud-Trace-Context is rejected") {
  CHECK_FALSE(parse_trace("", ""));
  CHECK_FALSE(parse_trace("105445aa7843bc8bf206b1200010000/1;o=1", ""));      // 31 digits
  CHECK_FALSE(parse_trace("105445aa7843bc8bf206b12000100000x/1", ""));       // 33 chars
  CHECK_FALSE(parse_trace("g05445aa7843bc8bf206b12000100000/1", ""));        // not hex
  CHECK_FALSE(parse_trace("00000000000000000000000000000000/1", ""));        // all zero
  CHECK_FALSE(parse_trace("105445aa7843bc8bf206b12000100000/abc", ""));      // span not decimal
  CHECK_FALSE(parse_trace("105445aa7843bc8bf206b12000100000/18446744073709551616", ""));  // > 2^64-1
  CHECK_FALSE(parse_trace("105445aa7843bc8bf206b12000100000/1;o=2", ""));
}

TEST_CASE("W3C traceparent") {
  check_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736",
              "00f067aa0ba902b7", true);
  auto unsampled = parse_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  REQUIRE(unsampled);
  CHECK_FALSE(unsampled->sampled);
  // A later version may append fields.
  CHECK(parse_trace("", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"));
}

TEST_CASE("malformed traceparent is rejected") {
  CHECK_FALSE(parse_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"));        // no flags
  CHECK_FALSE(parse_trace("", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));     // uppercase
  CHECK_FALSE(parse_trace("", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));     // zero trace
  CHECK_FALSE(parse_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));     // zero span
  CHECK_FALSE(parse_trace("", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));     // version ff
  CHECK_FALSE(parse_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));   // v00 is exact
  CHECK_FALSE(parse_trace("", "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"));
}

TEST_CASE("X-Cloud-Trace-Context wins over traceparent; an invalid one falls back") {
  const char* w3c = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto t = parse_trace("105445aa7843bc8bf206b12000100000/1;o=1", w3c);
  REQUIRE(t);
  CHECK(t->trace_id == "105445aa7843bc8bf206b12000100000");
  auto fallback = parse_trace("garbage", w3c);
  REQUIRE(fallback);
  CHECK(fallback->trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
}
