#pragma once
// JanitorActor: every CLEANUP_INTERVAL_SECONDS, skips the waiting places not
// polled for ABANDON_SECONDS (with `liveness`; one transaction each), finds sessions past their
// expiry_time and runs the closing step for them through their InterviewActor
// (the coordinator expires the session and promotes the oldest waiting
// candidate in one transaction; a SWOT is made), makes the SWOTs still owed,
// then fills any slot freed behind our back (a TTL policy). Safe when janitors
// of several instances race: every expiry re-checks inside its transaction and
// every SWOT is claimed before it is made. Detached: its queries block. Each
// closing it starts has a deadline (the closing step makes up to two model
// calls); a closing past it is counted as failed and retried next tick. A SWOT
// claim older than `swot_claim_stale` (its owner died mid-call) is owed again:
// the closing step takes it over in its claim transaction.
#include <chrono>
#include <memory>

#include "actors/interview_registry.hpp"
#include "actors/queue_liveness.hpp"
#include "actors/session_coordinator.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using janitor_actor = caf::typed_actor<caf::reacts_to<tick_atom>>;

struct JanitorCounters {
  std::atomic<std::int64_t> ticks{0}, last_tick_micros{0}, sessions_expired{0}, closings_run{0}, closing_failures{0};
  std::atomic<std::int64_t> stale_swot_claims{0};  // claims found stale and handed to a closing step
  std::atomic<std::int64_t> no_shows_reclaimed{0};  // slots taken back from candidates who never started
  std::atomic<std::int64_t> places_abandoned{0};    // waiting places skipped: not polled for ABANDON_SECONDS
};

// The janitor's figures, under "janitor" in /stats.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const JanitorCounters> counters);

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, interview_registry_actor interviews,
                            std::chrono::seconds interval, std::chrono::milliseconds closing_deadline,
                            std::chrono::seconds swot_claim_stale, std::shared_ptr<JanitorCounters> counters,
                            std::shared_ptr<QueueLiveness> liveness = nullptr);

}  // namespace interview::actors
