// The shared retry/backoff policy (core/retry): pure, so no sleeping here.
#include <doctest/doctest.h>

#include <chrono>
#include <initializer_list>

#include "core/retry/backoff.hpp"

using std::chrono::milliseconds;
using interview::retry::Backoff;

namespace {
const double kDraws[] = {0.0, 0.1, 0.25, 0.5, 0.75, 0.999, 1.0};
}

TEST_CASE("backoff ceiling doubles from the base and stops at the cap") {
  Backoff b{milliseconds(100), milliseconds(1000), 2.0, 5, 0.0};
  CHECK(interview::retry::delay(b, 1, 0.3) == milliseconds(100));
  CHECK(interview::retry::delay(b, 2, 0.3) == milliseconds(200));
  CHECK(interview::retry::delay(b, 3, 0.3) == milliseconds(400));
  CHECK(interview::retry::delay(b, 4, 0.3) == milliseconds(800));
  CHECK(interview::retry::delay(b, 5, 0.3) == milliseconds(1000));
  CHECK(interview::retry::delay(b, 60, 0.3) == milliseconds(1000));
  CHECK(interview::retry::delay(b, 100000, 0.3) == milliseconds(1000));
}

TEST_CASE("backoff is monotone non-decreasing in the retry number and never above the cap") {
  for (double multiplier : {1.0, 1.5, 2.0, 3.0}) {
    for (double jitter : {0.0, 0.5, 1.0}) {
      Backoff b{milliseconds(7), milliseconds(5000), multiplier, 10, jitter};
      for (double r : kDraws) {
        milliseconds previous(0);
        for (int retry = 1; retry <= 40; ++retry) {
          const auto d = interview::retry::delay(b, retry, r);
          CHECK(d >= previous);
          CHECK(d <= b.cap);
          CHECK(interview::retry::ceiling(b, retry) <= b.cap);
          previous = d;
        }
      }
    }
  }
}

TEST_CASE("jitter keeps the delay within [d * (1 - jitter), d]") {
  for (double jitter : {0.0, 0.25, 0.5, 1.0}) {
    Backoff b{milliseconds(250), milliseconds(4000), 2.0, 4, jitter};
    for (int retry = 1; retry <= 8; ++retry) {
      const auto top = interview::retry::ceiling(b, retry);
      const auto low = milliseconds(static_cast<long long>(static_cast<double>(top.count()) * (1.0 - jitter)));
      for (double r : kDraws) {
        const auto d = interview::retry::delay(b, retry, r);
        CHECK(d >= low);
        CHECK(d <= top);
      }
      CHECK(interview::retry::delay(b, retry, 1.0) == top);
      CHECK(interview::retry::delay(b, retry, 0.0) == low);
    }
  }
}

TEST_CASE("a draw outside [0, 1] is clamped, and so is the jitter fraction") {
  Backoff b{milliseconds(100), milliseconds(1000), 2.0, 3, 1.0};
  CHECK(interview::retry::delay(b, 2, -3.0) == milliseconds(0));
  CHECK(interview::retry::delay(b, 2, 7.0) == milliseconds(200));
  Backoff wild{milliseconds(100), milliseconds(1000), 2.0, 3, 4.0};
  CHECK(interview::retry::delay(wild, 2, 0.5) == milliseconds(100));
}

TEST_CASE("the users' own numbers give their old delays") {
  // Model clients: 500 ms doubling to 4 s, full jitter.
  Backoff model{milliseconds(500), milliseconds(4000), 2.0, 4, 1.0};
  CHECK(interview::retry::delay(model, 1, 1.0) == milliseconds(500));
  CHECK(interview::retry::delay(model, 3, 0.25) == milliseconds(500));
  CHECK(interview::retry::delay(model, 6, 1.0) == milliseconds(4000));
  // Firestore / Cloud Tasks: half jitter, [d/2, d].
  Backoff rest{milliseconds(200), milliseconds(2000), 2.0, 4, 0.5};
  CHECK(interview::retry::delay(rest, 2, 0.0) == milliseconds(200));
  CHECK(interview::retry::delay(rest, 2, 1.0) == milliseconds(400));
  CHECK(interview::retry::delay(rest, 9, 0.0) == milliseconds(1000));
}

TEST_CASE("attempts is at least one; Retry-After wins when longer, up to its limit") {
  CHECK(interview::retry::attempts(Backoff{milliseconds(1), milliseconds(2), 2.0, 0, 1.0}) == 1);
  CHECK(interview::retry::attempts(Backoff{milliseconds(1), milliseconds(2), 2.0, 5, 1.0}) == 5);
  const milliseconds limit(10000);
  CHECK(interview::retry::at_least_retry_after(milliseconds(300), milliseconds(0), limit) == milliseconds(300));
  CHECK(interview::retry::at_least_retry_after(milliseconds(300), milliseconds(2000), limit) == milliseconds(2000));
  CHECK(interview::retry::at_least_retry_after(milliseconds(300), milliseconds(60000), limit) == limit);
}
