#include "actors/session_coordinator.hpp"

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "actors/slot_transactions.hpp"

namespace interview::actors {
namespace {

placement_msg to_msg(const lifecycle::Placement& p) {
  return {p.user_id, lifecycle::to_string(p.status), p.queue_number};
}

release_msg to_release(const lifecycle::Plan& p) {
  bool ended = false;
  for (const auto& w : p.writes)
    if (w.collection == lifecycle::kInSession && w.id == p.placement.user_id &&
        w.kind == store::Write::Kind::remove)
      ended = true;
  return {p.placement.user_id, lifecycle::to_string(p.placement.status),
          p.promoted.empty() ? std::string() : p.promoted.front(), ended};
}

void log_promotions(const lifecycle::Plan& p) {
  for (const auto& id : p.promoted) spdlog::info("promoted {} into a free slot", id);
}

struct CoordinatorState {
  std::unique_ptr<SlotTransactions> slots;
};

// Counts the decision and, on failure, remembers the error for operators.
template <class T>
Result<T> counted(Result<T> r, std::atomic<std::int64_t>& decisions, CoordinatorCounters& c) {
  decisions++;
  if (!r && r.error().kind != ErrorKind::not_found) c.failed(r.error().message);
  return r;
}

coordinator_actor::behavior_type coordinator(
    coordinator_actor::stateful_pointer<CoordinatorState> self,
    std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules,
    std::shared_ptr<CoordinatorCounters> counters) {
  self->state.slots = std::make_unique<SlotTransactions>(std::move(store), rules);
  auto* slots = self->state.slots.get();
  auto& c = *counters;
  return {
      [=, &c](join_atom, const std::string& id, const RequestContext& rc) -> caf::result<placement_msg> {
        ops::ScopedLogContext scope(rc);
        auto plan = counted(slots->join(id), c.join, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return to_msg(plan->placement);
      },
      [=, &c](leave_atom, const std::string& id, const RequestContext& rc) -> caf::result<release_msg> {
        ops::ScopedLogContext scope(rc);
        auto plan = counted(slots->leave(id), c.leave, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return to_release(*plan);
      },
      [=, &c](expire_atom, const std::string& id) -> caf::result<release_msg> {
        auto plan = counted(slots->expire(id), c.expire, c);
        if (!plan) return to_caf_error(plan.error());
        if (plan->no_show) spdlog::info("{} never started the interview: the slot goes to the next in line", id);
        log_promotions(*plan);
        return to_release(*plan);
      },
      [=, &c](begin_atom, const std::string& id) -> caf::result<std::int64_t> {
        auto plan = counted(slots->begin(id), c.begin, c);
        if (!plan) return to_caf_error(plan.error());
        if (!plan->session_expiry) return std::int64_t{0};
        if (!plan->writes.empty()) spdlog::info("{} started the interview: the clock runs", id);
        return static_cast<std::int64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(plan->session_expiry->time_since_epoch()).count());
      },
      [=, &c](fill_atom) -> caf::result<std::vector<std::string>> {
        auto plan = counted(slots->fill(), c.fill, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return plan->promoted;
      },
  };
}

}  // namespace

coordinator_actor spawn_coordinator(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                                    lifecycle::SlotRules rules, std::shared_ptr<CoordinatorCounters> counters) {
  return sys.spawn<caf::detached>(coordinator, std::move(store), rules, std::move(counters));
}

}  // namespace interview::actors
