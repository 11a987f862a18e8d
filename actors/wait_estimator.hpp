#pragma once
// The waiting room's estimate and figures (issue 12, items 5 and 9), shared by
// the coordinator (which records every freed slot and every promotion), the
// directory (GET /status) and the interview actors (the waiting text of
// /interview/start). The sessions holding the slots are read from the store
// at most once a second (one query of at most the slot count's documents);
// the mean length of recently ended sessions is this instance's own record of
// the slots it freed (SESSION_SECONDS until there is one).
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "core/lifecycle/admission.hpp"
#include "core/lifecycle/decisions.hpp"
#include "core/metrics/histogram.hpp"
#include "core/store/document_store.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

class WaitEstimator {
 public:
  WaitEstimator(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules);
  // A slot was freed after being held for `held` (exit, expiry, no-show).
  void slot_freed(std::chrono::microseconds held);
  // A waiting candidate was promoted after waiting `waited` since joining.
  void promoted(std::chrono::microseconds waited);
  // The estimated wait at this live position (1-based); 0 for 0;
  // lifecycle::kNoEstimate while admissions are paused. Blocking on
  // a store read at most once a second; a failed read keeps the last view.
  std::int64_t estimate(std::int64_t position);
  double mean_session_seconds() const;
  const metrics::Histogram& wait_histogram() const { return waits_; }
  // {counting places, skipped places} in the queue: two counts (for operators).
  Result<std::pair<std::int64_t, std::int64_t>> queue_lengths() const;

 private:
  std::shared_ptr<store::DocumentStore> store_;
  lifecycle::SlotRules rules_;
  mutable std::mutex mu_;
  std::deque<double> recent_;  // seconds a slot was held, newest last
  std::vector<store::Document> sessions_;
  lifecycle::Admission admission_;  // as last read with the sessions
  std::chrono::steady_clock::time_point read_at_{};
  bool reading_ = false;
  metrics::Histogram waits_;
};

class DirectoryPool;
class QueueLiveness;
struct JanitorCounters;

// The waiting room's figures, under "waiting_room" in /stats: queue lengths
// (live and abandoned), the join-to-promotion wait histogram, the estimate a
// newcomer would get, the mean session length behind it, no-shows and
// abandoned places (the janitor's), liveness writes and restored places, and
// joins answered without a transaction.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<WaitEstimator> waits,
                      std::shared_ptr<const QueueLiveness> liveness, std::shared_ptr<const JanitorCounters> janitor,
                      std::shared_ptr<const DirectoryPool> directory);

}  // namespace interview::actors
