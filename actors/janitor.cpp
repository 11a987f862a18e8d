#include "actors/janitor.hpp"

#include <spdlog/spdlog.h>

#include "core/interview/interview_records.hpp"
#include "core/lifecycle/collections.hpp"

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

janitor_actor::behavior_type janitor(janitor_actor::pointer self,
                                     std::shared_ptr<store::DocumentStore> store,
                                     coordinator_actor coordinator, interview_registry_actor interviews,
                                     std::chrono::seconds interval, std::chrono::milliseconds closing_deadline,
                                     std::chrono::seconds swot_claim_stale, std::shared_ptr<JanitorCounters> counters,
                                     std::shared_ptr<QueueLiveness> liveness) {
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
                            std::shared_ptr<QueueLiveness> liveness) {
  return sys.spawn<caf::detached>(janitor, std::move(store), std::move(coordinator), std::move(interviews),
                                  interval, closing_deadline, swot_claim_stale, std::move(counters),
                                  std::move(liveness));
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const JanitorCounters> counters) {
  auto c = std::move(counters);
  figures.section("janitor", "The janitor's ticks: expired sessions, owed SWOTs and refills.");
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
}

}  // namespace interview::actors
