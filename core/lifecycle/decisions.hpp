#pragma once
// Slot placement, promotion, leaving and expiry as pure functions: given what a
// store transaction read (a snapshot) and the time, return the writes to commit
// and the answer to give. The SessionCoordinator reads, calls these, commits.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lifecycle/collections.hpp"
#include "core/result.hpp"

namespace interview::lifecycle {

struct SlotRules {
  int session_limit = 3;
  std::chrono::seconds session_length{300};
  // A candidate given a slot who has not started the interview within this
  // loses it (the janitor reclaims it: decide_expire).
  std::chrono::seconds no_show{120};
  // A waiting place not polled for this long is skipped: not counted in
  // anyone's position, not promoted, until the candidate polls again.
  std::chrono::seconds abandon{180};
};

// A waiting candidate at the head of the queue, with their user document
// (absent when the user was deleted: the stale entry is dropped).
struct QueueHead {
  store::Document entry;
  std::optional<store::Document> user;
};

// Free slots and who would fill them, read inside the same transaction. The
// queue itself is read only when a slot is free: joiners into a full house
// then read just the session count and write documents of their own, so they
// do not conflict with each other.
struct SlotSnapshot {
  std::int64_t sessions_in_use = 0;
  // The operators' admission settings (config/admission, core/lifecycle/admission.hpp),
  // read in the same transaction: nobody is promoted while paused; the live
  // slot count replaces SlotRules::session_limit when set.
  bool paused = false;
  std::optional<int> session_limit;
  std::vector<QueueHead> queue_head;  // oldest counting places first: the free slots and a few more
  // The head read was cut at its limit: more places may wait behind it.
  bool queue_head_truncated = false;
};

// What a join or status decision reads about one candidate.
struct CandidateSnapshot {
  std::optional<store::Document> user;
  std::optional<store::Document> session;      // in_session/{id}
  std::optional<store::Document> queue_entry;  // queue/{id}
  std::int64_t queue_ahead = 0;                // entries created before queue_entry
};

struct Placement {
  std::string user_id;
  UserStatus status = UserStatus::idle;
  std::int64_t queue_number = 0;  // 1-based while pending, else 0
};

struct Plan {
  std::vector<store::Write> writes;
  Placement placement;
  std::vector<std::string> promoted;  // oldest first
  std::optional<Error> error;         // e.g. not_found: nothing to write
  // The candidate was queued: the position is counted after the commit
  // (placement.queue_number is 0 until then).
  bool count_position = false;
  // Expire: the slot was reclaimed from a candidate who never started (back to idle).
  bool no_show = false;
  // A slot freed by this plan (exit, expiry, no-show): when it had been given.
  std::optional<store::TimePoint> slot_given;
  // When each promoted candidate (same order as `promoted`) had joined the queue.
  std::vector<store::TimePoint> promoted_queued_at;
  // Begin: when the interview ends (set when the candidate holds a slot).
  std::optional<store::TimePoint> session_expiry;
  // Places found abandoned (not polled for SlotRules::abandon) and skipped.
  std::vector<std::string> skipped;
};

// How many candidates fit into free slots right now: none while paused; the
// live slot count (or SlotRules') minus the sessions in use, never below 0.
int free_slots(const SlotSnapshot& slots, const SlotRules& rules);

// The candidate's current state without changing anything (idempotent join,
// /status): nullopt when the join decision must look at the slots.
std::optional<Placement> current_placement(const std::string& user_id, const CandidateSnapshot& c);

// Join: session over → stays over; already placed → current state; otherwise the
// oldest waiting candidates fill free slots first and the joiner takes a free
// slot or the end of the queue.
Plan decide_join(const std::string& user_id, const CandidateSnapshot& c, const SlotSnapshot& slots,
                 store::TimePoint now, const SlotRules& rules);

// Leave: a candidate in session ends it and frees the slot for the oldest
// waiting ones; a waiting candidate leaves the queue (back to idle) and promotes
// nobody; anyone else: nothing changes.
Plan decide_exit(const std::string& user_id, const CandidateSnapshot& c, const SlotSnapshot& slots,
                 store::TimePoint now, const SlotRules& rules);

// Expire: only a session whose expiry_time has passed ends (idempotent; safe
// when several janitors race). A session still awaiting its start whose
// no-show deadline has passed is a no-show: the slot goes to the next in line
// and the candidate is back to idle (no SWOT owed; a later join queues them
// at the back).
Plan decide_expire(const std::string& user_id, const CandidateSnapshot& c,
                   const SlotSnapshot& slots, store::TimePoint now, const SlotRules& rules);

// Begin (the first /interview/start): a session awaiting its start starts now
// and ends `session_length` later, in the transaction that marks the slot as
// taken. Anything else: nothing written; session_expiry says when a running
// session ends. Lenient: a no-show not reclaimed yet may still start.
Plan decide_begin(const std::string& user_id, const CandidateSnapshot& c, store::TimePoint now,
                  const SlotRules& rules);

// Liveness of waiting places. A poll's seen_at is written at most this often:
// a minute, or a third of the abandon time when that is shorter.
std::chrono::seconds liveness_interval(const SlotRules& rules);
// The place is skipped now: it does not count (no live_created_at), or its
// last recorded poll is older than the abandon time.
bool place_stale(const store::Document& queue_entry, store::TimePoint now, const SlotRules& rules);
// The janitor's (and promotion's) mark: a counting place not polled for the
// abandon time stops counting (live_created_at and seen_at go, skipped_at is
// set). nullopt: nothing to write (fresh, or already skipped). Idempotent.
std::optional<store::Write> decide_abandon(const store::Document& queue_entry, store::TimePoint now,
                                           const SlotRules& rules);
// A poll by the waiting candidate: a skipped place is restored at its original
// place (restore: write it before answering); a counting place's seen_at is
// refreshed when older than liveness_interval (the write may be batched).
struct SeenDecision {
  std::optional<store::Write> write;
  bool restore = false;
};
SeenDecision decide_seen(const store::Document& queue_entry, store::TimePoint now, const SlotRules& rules);

// Fill slots that are free (e.g. a session document removed by a TTL policy).
Plan decide_fill(const SlotSnapshot& slots, store::TimePoint now, const SlotRules& rules);

}  // namespace interview::lifecycle
