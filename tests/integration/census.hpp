#pragma once
// The lifecycle's invariants over a set of candidates, read through one
// instance and checked against the store: each candidate is exactly one of in
// session, waiting (positions 1..N without gaps) or finished, and nobody is
// lost or placed twice. Returns the counts for the caller's own checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"

namespace interview::testing {

struct Census {
  int in_session = 0, waiting = 0, over = 0;
};

inline Census take_census(const StoreUnderTest& store, httplib::Client& c, const std::vector<std::string>& ids) {
  Census n;
  std::vector<std::int64_t> positions;
  for (const auto& id : ids) {
    auto s = get(c, "/status/" + id);
    REQUIRE_MESSAGE(s.status == 200, s.raw);
    bool has_session = store.get("in_session", id).has_value();
    bool queued = store.get("queue", id).has_value();
    CHECK_FALSE((has_session && queued));
    auto st = s.body["status"].get<std::string>();
    if (st == "in_session") {
      ++n.in_session;
      CHECK(has_session);
    } else if (st == "waiting") {
      ++n.waiting;
      CHECK(queued);
      positions.push_back(s.body["queue_number"].get<std::int64_t>());
    } else if (st == "session_over") {
      ++n.over;
    }
  }
  std::sort(positions.begin(), positions.end());
  for (std::size_t i = 0; i < positions.size(); ++i) CHECK(positions[i] == static_cast<std::int64_t>(i + 1));
  return n;
}

}  // namespace interview::testing
