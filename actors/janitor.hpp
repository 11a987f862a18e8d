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
// the closing step takes it over in its claim transaction. With resume
// retention on (RESUME_RETENTION_DAYS > 0), it deletes the kept resume files of
// candidates created before the cutoff (a batch per tick): the file first (a
// file already gone is success), then one transaction marks the record
// (core/storage/resume_retention.hpp); a failed delete leaves the record as it
// is, retried next tick. Each pass starts where its last one ended (the oldest
// candidate not done, or the last cutoff), with a pass from the beginning at
// start and once a day; a pass stops after 3 failed deletes in a row or 10 s.
#include <chrono>
#include <memory>

#include "actors/interview_registry.hpp"
#include "actors/queue_liveness.hpp"
#include "actors/session_coordinator.hpp"
#include "core/storage/file_storage.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using janitor_actor = caf::typed_actor<caf::reacts_to<tick_atom>>;

struct JanitorCounters {
  std::atomic<std::int64_t> ticks{0}, last_tick_micros{0}, sessions_expired{0}, closings_run{0}, closing_failures{0};
  std::atomic<std::int64_t> stale_swot_claims{0};  // claims found stale and handed to a closing step
  std::atomic<std::int64_t> no_shows_reclaimed{0};  // slots taken back from candidates who never started
  std::atomic<std::int64_t> places_abandoned{0};    // waiting places skipped: not polled for ABANDON_SECONDS
  std::atomic<std::int64_t> resumes_deleted{0};     // kept resume files deleted (and recorded) under retention
  std::atomic<std::int64_t> resume_delete_failures{0};  // due files not deleted or not recorded: retried next tick
};

// What the janitor needs for the resume files' retention.
struct ResumeRetention {
  std::shared_ptr<storage::FileStorage> files;  // where the files are kept; nullptr: no retention
  int days = 0;                                 // RESUME_RETENTION_DAYS; 0: files are kept forever
};

// The janitor's figures, under "janitor" in /stats.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const JanitorCounters> counters);

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, interview_registry_actor interviews,
                            std::chrono::seconds interval, std::chrono::milliseconds closing_deadline,
                            std::chrono::seconds swot_claim_stale, std::shared_ptr<JanitorCounters> counters,
                            std::shared_ptr<QueueLiveness> liveness = nullptr, ResumeRetention retention = {});

}  // namespace interview::actors
