#pragma once
// Liveness of waiting places (issue 12, ABANDON_SECONDS): a poll of a
// waiting candidate records queue/{id}.seen_at, at most once per
// liveness_interval per candidate (a minute by default: Firestore bills
// writes). The marks are batched: a poll that finds the oldest mark due for
// longer than `flush_after` commits them all in one write, so the embedded
// store's snapshot of the waiting line is invalidated once per batch rather
// than once per candidate. The batches are committed by a thread of this
// object's own, never on a request's thread (a large batch holds the embedded
// store's write lock for a while). A restored place (the candidate came back)
// is not batched: restore() commits it at once.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <thread>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/lifecycle/decisions.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

struct QueueLivenessCounters {
  std::int64_t marks = 0;    // seen_at writes sent to the store
  std::int64_t batches = 0;  // commits carrying them
  std::int64_t restores = 0; // skipped places restored by their candidate's poll
};

class QueueLiveness {
 public:
  QueueLiveness(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules);
  ~QueueLiveness();  // stops the flushing thread (the marks still due are written)
  const lifecycle::SlotRules& rules() const { return rules_; }
  // A poll of a counting place. `stored_seen` is the stored seen_at when the
  // caller read the entry (another instance may have written it recently).
  void seen(const std::string& user_id, store::TimePoint now, std::optional<store::TimePoint> stored_seen);
  // A skipped place polled again: restored now (one transaction re-deciding).
  Status restore(const std::string& user_id);
  // Wakes the flushing thread when the oldest due mark has waited `flush_after`; cheap otherwise.
  void maybe_flush(store::TimePoint now);
  QueueLivenessCounters counters() const;

 private:
  void flush(std::vector<store::Write> writes);
  void run();

  std::shared_ptr<store::DocumentStore> store_;
  lifecycle::SlotRules rules_;
  std::chrono::milliseconds flush_after_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, store::TimePoint> marked_;  // last seen_at this instance wrote or learned
  std::vector<store::Write> due_;
  store::TimePoint oldest_due_{};
  QueueLivenessCounters counters_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace interview::actors
