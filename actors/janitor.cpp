#include "actors/janitor.hpp"

#include <spdlog/spdlog.h>

#include "core/interview/interview_records.hpp"
#include "core/lifecycle/collections.hpp"
#include "core/storage/resume_files.hpp"
#include "core/storage/resume_retention.hpp"

namespace interview::actors {
namespace {

constexpr int kBatch = 100;  // expired sessions handled per tick

// Waiting places whose last recorded poll is older than ABANDON_SECONDS stop
// counting; each mark is one transaction that re-decides (racing janitors).
void skip_abandoned(store::DocumentStore& store, const lifecycle::SlotRules& rules, store::TimePoint now,
                    JanitorCounters& counters) {
  auto stale = store.query(store::Query(lifecycle::kQueue)
                               .where("seen_at", store::Op::le, store::timestamp_value(now - rules.abandon))
                               .order("seen_at")
                               .take(kBatch));
  if (!stale) return (void)spdlog::warn("janitor: cannot list waiting places: {}", stale.error().message);
  for (const auto& place : *stale) {
    bool skipped = false;
    auto st = store.run_transaction([&](store::Transaction& tx) {
      skipped = false;
      auto entry = tx.get(lifecycle::kQueue, place.id);
      if (!entry) return;
      auto mark = lifecycle::decide_abandon(*entry, now, rules);
      if (!mark) return;
      tx.stage(*mark);
      skipped = lifecycle::place_counts(*entry);
    });
    if (st && skipped) {
      counters.places_abandoned++;
      spdlog::info("janitor: {} has not polled for {} s: the waiting place is skipped", place.id, rules.abandon.count());
    }
  }
}

// Where this janitor's retention passes start: after the first (full) pass,
// each starts where the last one ended, so it does not walk again through the
// candidates whose files are long gone; once a day a pass starts from the
// beginning again (candidates written with an old created_at meanwhile).
struct RetentionCursor {
  std::optional<store::TimePoint> from;
  store::TimePoint full_pass_at{};
};

constexpr std::chrono::hours kFullRetentionPass{24};
// A pass stops after this many failed deletes in a row, or once it has run this long.
constexpr int kRetentionFailuresInARow = 3;
constexpr std::chrono::seconds kRetentionPassBudget{10};
using Clock = std::chrono::steady_clock;

// Resume files of candidates created before the retention cutoff: each file is
// deleted first (a file already gone is success), then one transaction re-reads
// the candidate and marks the record (racing janitors: one marks, the others
// find it done). A failed delete or mark leaves the record as it is: still a
// candidate next tick. A pass stops early when the storage keeps failing or
// the pass has taken its time budget.
void delete_old_resumes(store::DocumentStore& store, const ResumeRetention& retention, store::TimePoint now,
                        RetentionCursor& cursor, JanitorCounters& counters) {
  auto cutoff = storage::retention_cutoff(now, retention.days);
  if (!cutoff || !retention.files) return;
  if (cursor.from && now - cursor.full_pass_at >= kFullRetentionPass) cursor.from.reset();
  if (!cursor.from) cursor.full_pass_at = now;
  auto due = store.query(storage::resume_retention_query(*cutoff, kBatch, cursor.from));
  if (!due) return (void)spdlog::warn("janitor: cannot list resume files due for deletion: {}", due.error().message);
  std::vector<storage::RetentionOutcome> outcomes;
  auto started = Clock::now();
  int failed_in_a_row = 0;
  for (const auto& user : *due) {
    auto created = store::as_timestamp(user.fields.value("created_at", store::Fields()));
    // Out of time: this one (not done) is where the next pass starts.
    bool out_of_time = Clock::now() - started >= kRetentionPassBudget;
    outcomes.push_back({created.value_or(*cutoff), !out_of_time});
    if (out_of_time) break;
    auto& outcome = outcomes.back();
    if (!storage::resume_due(user.fields, *cutoff)) continue;
    outcome.done = false;
    auto where = storage::locate_resume(user.fields, retention.files->bucket());
    if (!where.path) {
      // Not this storage's to delete (another bucket, a path it does not
      // serve): trying again each tick changes nothing, so the cursor moves
      // past it; the daily pass from the beginning reports it again.
      outcome.done = true;
      counters.resume_delete_failures++;
      spdlog::warn("janitor: the resume file of {} is due for deletion but not deleted: {}", user.id, where.reason);
      continue;
    }
    if (auto removed = retention.files->remove(*where.path); !removed) {
      counters.resume_delete_failures++;
      spdlog::warn("janitor: cannot delete the resume file {} of {} ({}): {}; retried next tick", *where.path,
                   user.id, retention.files->describe(), removed.error().message);
      // A storage that is down fails every delete, each after its own
      // timeouts: the pass stops after a few failures in a row, or once it has
      // taken its time budget, so the tick's other duties are not held up; the
      // rest come next tick, from this one on.
      if (++failed_in_a_row >= kRetentionFailuresInARow || Clock::now() - started >= kRetentionPassBudget) break;
      continue;
    }
    failed_in_a_row = 0;
    bool marked = false;
    auto st = store.run_transaction([&](store::Transaction& tx) {
      marked = false;
      auto fresh = tx.get(lifecycle::kUsers, user.id);
      if (!fresh) return;
      auto mark = storage::decide_resume_removal(*fresh, *where.path, *cutoff, now);
      if (!mark) return;
      tx.stage(std::move(*mark));
      marked = true;
    });
    if (!st) {
      counters.resume_delete_failures++;
      spdlog::warn("janitor: deleted the resume file {} of {} but could not record it: {}; retried next tick",
                   *where.path, user.id, st.error().message);
      continue;
    }
    outcome.done = true;
    if (marked) {
      counters.resumes_deleted++;
      spdlog::info("janitor: deleted the resume file {} of {} ({}): older than {} days", *where.path, user.id,
                   retention.files->describe(), retention.days);
    }
  }
  cursor.from = storage::next_retention_from(outcomes, kBatch, *cutoff);
}

janitor_actor::behavior_type janitor(janitor_actor::pointer self,
                                     std::shared_ptr<store::DocumentStore> store,
                                     coordinator_actor coordinator, interview_registry_actor interviews,
                                     std::chrono::seconds interval, std::chrono::milliseconds closing_deadline,
                                     std::chrono::seconds swot_claim_stale, std::shared_ptr<JanitorCounters> counters,
                                     std::shared_ptr<QueueLiveness> liveness, ResumeRetention retention) {
  auto finalize = [=](const std::string& id) {
    self->request(interviews, closing_deadline, finalize_atom::value, id)
        .then(
            [=](const interview_flow::TurnReply& r) {
              counters->closings_run++;
              spdlog::info("janitor: closed the interview of {}", r.user_id);
            },
            [=](const caf::error& e) {
              counters->closing_failures++;
              spdlog::warn("janitor: closing {} failed: {}", id, caf::to_string(e));
            });
  };
  // A slot whose candidate never started: the coordinator re-checks and gives it to the next in line.
  auto reclaim = [=](const std::string& id) {
    self->request(coordinator, closing_deadline, expire_atom::value, id)
        .then(
            [=](const release_msg& r) {
              if (r.ended) counters->no_shows_reclaimed++;
            },
            [=](const caf::error& e) { spdlog::warn("janitor: reclaiming the slot of {} failed: {}", id, caf::to_string(e)); });
  };
  auto retention_cursor = std::make_shared<RetentionCursor>();
  self->delayed_send(self, interval, tick_atom::value);
  return {
      [=](tick_atom) {
        auto now = store::now_micros();
        counters->ticks++;
        counters->last_tick_micros = now.time_since_epoch().count();
        // Session documents are small; the closing step and the no-show
        // decision re-read what they need in their own transaction.
        auto expired = store->query(store::Query(lifecycle::kInSession)
                                        .where("expiry_time", store::Op::le, store::timestamp_value(now))
                                        .order("expiry_time")
                                        .take(kBatch));
        if (!expired) {
          spdlog::warn("janitor: cannot list sessions: {}", expired.error().message);
        } else {
          for (const auto& session : *expired) {
            if (lifecycle::awaiting_start(session)) {
              reclaim(session.id);  // never started: a no-show, no closing step, no SWOT
              continue;
            }
            counters->sessions_expired++;
            finalize(session.id);
          }
        }
        auto owed = store->query_ids(interview_flow::swot_owed_query(kBatch));
        if (owed)
          for (const auto& id : *owed) finalize(id);
        // Claims whose owner died mid-call; the claim transaction re-checks.
        auto claims = store->query(interview_flow::swot_claims_query(kBatch));
        if (claims)
          for (const auto& user : *claims)
            if (interview_flow::swot_owed(user.fields, now, swot_claim_stale)) {
              counters->stale_swot_claims++;
              spdlog::info("janitor: taking over the stale SWOT claim of {}", user.id);
              finalize(user.id);
            }
        if (liveness) skip_abandoned(*store, liveness->rules(), now, *counters);
        delete_old_resumes(*store, retention, now, *retention_cursor, *counters);
        self->request(coordinator, closing_deadline, fill_atom::value)
            .then([](const std::vector<std::string>&) {},
                  [](const caf::error& e) { spdlog::warn("janitor: fill failed: {}", caf::to_string(e)); });
        self->delayed_send(self, interval, tick_atom::value);
      },
  };
}

}  // namespace

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, interview_registry_actor interviews,
                            std::chrono::seconds interval, std::chrono::milliseconds closing_deadline,
                            std::chrono::seconds swot_claim_stale, std::shared_ptr<JanitorCounters> counters,
                            std::shared_ptr<QueueLiveness> liveness, ResumeRetention retention) {
  return sys.spawn<caf::detached>(janitor, std::move(store), std::move(coordinator), std::move(interviews),
                                  interval, closing_deadline, swot_claim_stale, std::move(counters),
                                  std::move(liveness), std::move(retention));
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const JanitorCounters> counters) {
  auto c = std::move(counters);
  figures.section("janitor", "The janitor's ticks: expired sessions, owed SWOTs, refills and resume retention.");
  figures.counter("janitor.ticks", "Janitor ticks run.", [c] { return c->ticks.load(); }).metric("janitor_ticks_total");
  figures.add("janitor.last_tick", ops::FigureKind::timestamp, "Unix time of the last janitor tick.", [c] {
    auto micros = c->last_tick_micros.load();
    if (!micros) return nlohmann::json(nullptr);
    return nlohmann::json(store::format_rfc3339(store::TimePoint(std::chrono::microseconds(micros))));
  }).metric("janitor_last_tick_timestamp_seconds").nullable();
  figures.counter("janitor.sessions_expired", "Sessions the janitor expired.", [c] { return c->sessions_expired.load(); })
      .metric("janitor_sessions_expired_total");
  figures.counter("janitor.closings_run", "Closing steps (SWOT) the janitor ran.", [c] { return c->closings_run.load(); })
      .metric("janitor_closings_total");
  figures.counter("janitor.closing_failures", "Closing steps that failed or ran past their deadline.",
                  [c] { return c->closing_failures.load(); })
      .metric("janitor_closing_failures_total");
  figures.counter("janitor.stale_swot_claims", "SWOT claims found stale (their owner died mid-call) and taken over.",
                  [c] { return c->stale_swot_claims.load(); })
      .metric("janitor_stale_swot_claims_total");
  figures.counter("janitor.resumes_deleted",
                  "Kept resume files deleted under the retention policy (RESUME_RETENTION_DAYS) and recorded.",
                  [c] { return c->resumes_deleted.load(); })
      .metric("janitor_resumes_deleted_total");
  figures.counter("janitor.resume_delete_failures",
                  "Resume files due for deletion that could not be deleted or recorded (retried next tick).",
                  [c] { return c->resume_delete_failures.load(); })
      .metric("janitor_resume_delete_failures_total");
}

}  // namespace interview::actors
