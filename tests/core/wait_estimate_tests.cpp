// The estimated wait (issue 12, item 5): the pure estimate, and its error
// measured by a simulation of a waiting room (arrivals, early exits,
// no-shows), deterministic: a fixed seed, simulated time, no clock.
#include <doctest/doctest.h>

#include <cmath>
#include <deque>
#include <random>

#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/wait_estimate.hpp"

using namespace interview;
using namespace interview::lifecycle;
using std::chrono::seconds;
using store::Document;

namespace {

const store::TimePoint kEpoch{seconds(1'800'000'000)};
store::TimePoint at(double t) {
  return kEpoch + std::chrono::duration_cast<store::TimePoint::duration>(std::chrono::duration<double>(t));
}

}  // namespace

TEST_CASE("estimate: free slots mean no wait; each further place waits for the next slot to free") {
  WaitInputs in;
  in.slots = 3;
  in.mean_session_seconds = 300;
  in.expected_remaining = {100, 200};  // one slot free
  CHECK(estimate_wait_seconds(0, in) == 0);
  CHECK(estimate_wait_seconds(1, in) == 0);
  CHECK(estimate_wait_seconds(2, in) == 100);
  CHECK(estimate_wait_seconds(3, in) == 200);
  CHECK(estimate_wait_seconds(4, in) == 300);  // the free slot's next turn
  CHECK(estimate_wait_seconds(5, in) == 400);
}

TEST_CASE("estimate: none while admissions are paused; the live slot count sets how many slots free") {
  WaitInputs in;
  in.slots = 3;
  in.mean_session_seconds = 300;
  in.expected_remaining = {100, 200, 250};
  in.paused = true;
  CHECK(estimate_wait_seconds(0, in) == 0);
  CHECK(estimate_wait_seconds(1, in) == kNoEstimate);
  CHECK(estimate_wait_seconds(7, in) == kNoEstimate);
  in.paused = false;
  CHECK(estimate_wait_seconds(1, in) == 100);
  in.slots = 1;  // an operator lowered the count: only the first session to end frees a slot
  in.expected_remaining = {100};
  CHECK(estimate_wait_seconds(1, in) == 100);
  CHECK(estimate_wait_seconds(2, in) == 400);
}

TEST_CASE("estimate: never decreases with the position, whatever the sessions in progress") {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> r(0, 400);
  for (int round = 0; round < 200; ++round) {
    WaitInputs in;
    in.slots = 1 + round % 5;
    in.mean_session_seconds = 30 + r(random);
    for (int i = 0; i < in.slots; ++i) in.expected_remaining.push_back(r(random));
    std::int64_t last = 0;
    for (std::int64_t p = 1; p <= 60; ++p) {
      auto e = estimate_wait_seconds(p, in);
      REQUIRE(e >= last);
      last = e;
    }
  }
}

TEST_CASE("estimate: a session's expected remaining time is the mean minus what it held, within its expiry") {
  auto running = Document{"a", session_document("a", at(-100), at(200)), kEpoch};
  CHECK(expected_remaining(running, kEpoch, 250, seconds(300)) == doctest::Approx(150));
  // Held longer than the mean: expected to end any moment.
  CHECK(expected_remaining(running, kEpoch, 80, seconds(300)) == doctest::Approx(0));
  // Never after its expiry.
  CHECK(expected_remaining(running, kEpoch, 900, seconds(300)) == doctest::Approx(200));
  // Awaiting its start: at most the no-show deadline and then a whole interview.
  auto waiting = Document{"b", awaiting_session_document("b", at(-10), at(110)), kEpoch};
  CHECK(expected_remaining(waiting, kEpoch, 1000, seconds(300)) == doctest::Approx(410));
}

TEST_CASE("estimate: error measured in a simulated waiting room (arrivals, early exits, no-shows)") {
  constexpr int kSlots = 3;
  constexpr double kSession = 300, kNoShow = 120, kTick = 60;
  std::mt19937 random(12);
  std::uniform_real_distribution<double> uniform(0, 1);
  struct Slot {
    bool busy = false;
    double given = 0, starts = 0, ends = 0;
    bool no_show = false;
  };
  std::vector<Slot> slots(kSlots);
  std::deque<std::pair<double, std::int64_t>> queue;  // joined at, estimate at join
  std::deque<double> recent;                          // slot holding times, newest last
  double naive_error = 0, model_error = 0, model_bias = 0, waited = 0;
  int measured = 0;
  auto mean = [&] {
    if (recent.empty()) return kSession;
    double sum = 0;
    for (double h : recent) sum += h;
    return sum / static_cast<double>(recent.size());
  };
  auto give = [&](Slot& s, double t) {
    s.busy = true;
    s.given = t;
    s.no_show = uniform(random) < 0.1;
    if (s.no_show) {
      s.ends = t + kNoShow + uniform(random) * kTick;  // reclaimed on the janitor's next tick
      return;
    }
    s.starts = t + 2 + uniform(random) * 28;
    double length = uniform(random) < 0.35 ? 60 + uniform(random) * 240 : kSession + uniform(random) * kTick;
    s.ends = s.starts + length;
  };
  const double kArrivalRate = 1.0 / 95;  // about 90% of what three slots serve
  double next_arrival = 0;
  for (double t = 0; t < 400000; t += 1) {
    for (auto& s : slots)
      if (s.busy && s.ends <= t) {
        s.busy = false;
        recent.push_back(t - s.given);
        if (recent.size() > 20) recent.pop_front();
      }
    for (auto& s : slots)
      if (!s.busy && !queue.empty()) {
        auto [joined, estimate] = queue.front();
        queue.pop_front();
        double actual = t - joined;
        double naive = std::ceil(static_cast<double>(estimate >> 32)) * kSession / kSlots;  // position in the high bits
        double model = static_cast<double>(estimate & 0xffffffff);
        naive_error += std::abs(naive - actual);
        model_error += std::abs(model - actual);
        model_bias += model - actual;
        waited += actual;
        ++measured;
        give(s, t);
      }
    while (next_arrival <= t) {
      next_arrival += -std::log(1 - uniform(random)) / kArrivalRate;
      bool placed = false;
      for (auto& s : slots)
        if (!placed && !s.busy && queue.empty()) {
          give(s, t);
          placed = true;
        }
      if (placed) continue;
      WaitInputs in;
      in.slots = kSlots;
      in.mean_session_seconds = mean();
      for (const auto& s : slots) {
        if (!s.busy) continue;
        bool started = !s.no_show && s.starts <= t;
        auto doc = started ? Document{"s", session_document("s", at(s.starts), at(s.starts + kSession)), kEpoch}
                           : Document{"s", awaiting_session_document("s", at(s.given), at(s.given + kNoShow)), kEpoch};
        doc.fields["created_at"] = store::timestamp_value(at(s.given));
        in.expected_remaining.push_back(expected_remaining(doc, at(t), in.mean_session_seconds, seconds(300)));
      }
      auto position = static_cast<std::int64_t>(queue.size()) + 1;
      auto estimate = estimate_wait_seconds(position, in);
      queue.emplace_back(t, (position << 32) | estimate);
    }
  }
  REQUIRE(measured > 1000);
  double naive_mae = naive_error / measured, model_mae = model_error / measured;
  MESSAGE("simulated waits: " << measured << " candidates who queued, mean wait " << waited / measured
                              << " s; mean absolute error of the estimate "
                              << model_mae << " s (bias " << model_bias / measured << " s) against "
                              << naive_mae << " s for position x SESSION_SECONDS / slots");
  // The estimate must beat the naive one it replaces, and stay within a few minutes on average.
  CHECK(model_mae < naive_mae);
  CHECK(model_mae < 300);
}
