#pragma once
// The estimated wait of a waiting candidate (issue 12, item 5), as a pure
// function: from the live position, the sessions holding the slots now and
// the mean length of recently ended sessions (how long a slot was held, from
// being given to being freed: early exits and no-shows included).
//
// Model: each slot frees when its session ends, then is held for the mean
// length again, and so on; the candidate at position p gets the p-th slot to
// free. A session in progress is expected to end `mean - held so far` after
// now (at once when it has run longer), but never after its expiry. The
// answer is the earliest whole second by which p slots have freed, so it never
// decreases with the position.
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/store/document_store.hpp"

namespace interview::lifecycle {

// The estimate while admissions are paused: nobody is promoted, so there is
// no honest figure (the replies carry null).
constexpr std::int64_t kNoEstimate = -1;

struct WaitInputs {
  int slots = 3;        // slots there are (the live count an operator set, else SESSION_LIMIT)
  bool paused = false;  // an operator paused admissions
  // Per session in progress: seconds until it is expected to free its slot.
  std::vector<double> expected_remaining;
  double mean_session_seconds = 300;
};

std::int64_t estimate_wait_seconds(std::int64_t position, const WaitInputs& in);

// Seconds until the session in in_session/{id} is expected to free its slot.
// `session_length`: an interview's length once started (a slot still awaiting
// its start may be held to its no-show deadline and then a whole interview).
double expected_remaining(const store::Document& session, store::TimePoint now, double mean_session_seconds,
                          std::chrono::seconds session_length);

}  // namespace interview::lifecycle
