#pragma once
// A candidate's live status and queue position (GET /status, polled every 5 s
// by everyone waiting), at a cost that does not grow with the queue.
//
// When the store has a change token (the embedded store: SQLite's
// data_version, which moves on every commit by any process), the waiting line
// is kept as an in-memory snapshot — who is pending and in what order — and a
// poll costs one token read plus a hash lookup. The first caller to see a new
// token rebuilds the snapshot (two index-only scans); callers arriving
// meanwhile wait for it (a few ms) and then ask the token again. A snapshot is
// only kept if the token did not move while it was read, so an answer is never
// older than the last commit before the poll; when no current snapshot can be
// had, the store is read directly. Stores without a token (Firestore) are
// always read directly: a status read, the queue entry and a count of those
// ahead.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "actors/queue_liveness.hpp"
#include "core/lifecycle/user_status.hpp"
#include "core/result.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

using lifecycle::UserStatus;

struct LiveStatus {
  UserStatus status = UserStatus::idle;
  std::int64_t queue_position = 0;  // 1-based while queued; 0 otherwise
};

struct LiveStatusCounters {
  std::int64_t snapshot_answers = 0;  // answered from the in-memory snapshot
  std::int64_t store_answers = 0;     // answered by reading the store
  std::int64_t rebuilds = 0;          // snapshots built and kept
  std::int64_t joins_answered = 0;    // reads for joins of candidates already placed (no transaction)
};

class LiveStatusReader {
 public:
  // `liveness` (may be null) records the polls of waiting candidates and
  // restores skipped places (ABANDON_SECONDS); positions count only the
  // places that count (queue/{id}.live_created_at).
  explicit LiveStatusReader(std::shared_ptr<store::DocumentStore> store,
                            std::shared_ptr<QueueLiveness> liveness = nullptr);
  // Safe to call from many threads at once. not_found when no such user.
  // `poll`: a GET /status answer, counted by source; an idempotent join's
  // read (false) is counted in joins_answered instead.
  Result<LiveStatus> read(const std::string& user_id, bool poll = true);
  LiveStatusCounters counters() const;

 private:
  struct Snapshot {
    std::uint64_t token = 0;
    // Every user whose status is pending, with the queue position among the
    // places that count (0 when theirs does not: skipped, or the entry is
    // already gone; such polls read the store).
    std::unordered_map<std::string, std::int64_t> pending;
  };

  // The snapshot for this token, or null with `ask_again` set when another
  // caller's rebuild finished meanwhile (the token may have moved on).
  std::shared_ptr<const Snapshot> current(std::uint64_t token, bool& ask_again);
  std::shared_ptr<const Snapshot> rebuild(std::uint64_t token);
  Result<LiveStatus> read_store(const std::string& user_id, bool poll);

  std::shared_ptr<store::DocumentStore> store_;
  std::shared_ptr<QueueLiveness> liveness_;
  std::mutex mu_;
  std::condition_variable rebuilt_;
  std::shared_ptr<const Snapshot> snapshot_;
  bool rebuilding_ = false;
  std::atomic<std::int64_t> snapshot_answers_{0}, store_answers_{0}, rebuilds_{0}, join_reads_{0};
};

}  // namespace interview::actors
