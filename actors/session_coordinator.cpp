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

coordinator_actor::behavior_type coordinator(
    coordinator_actor::stateful_pointer<CoordinatorState> self,
    std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules) {
  self->state.slots = std::make_unique<SlotTransactions>(std::move(store), rules);
  auto* slots = self->state.slots.get();
  return {
      [=](join_atom, const std::string& id) -> caf::result<placement_msg> {
        auto plan = slots->join(id);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return to_msg(plan->placement);
      },
      [=](leave_atom, const std::string& id) -> caf::result<release_msg> {
        auto plan = slots->leave(id);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return to_release(*plan);
      },
      [=](expire_atom, const std::string& id) -> caf::result<release_msg> {
        auto plan = slots->expire(id);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return to_release(*plan);
      },
      [=](fill_atom) -> caf::result<std::vector<std::string>> {
        auto plan = slots->fill();
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan);
        return plan->promoted;
      },
  };
}

}  // namespace

coordinator_actor spawn_coordinator(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                                    lifecycle::SlotRules rules) {
  return sys.spawn<caf::detached>(coordinator, std::move(store), rules);
}

}  // namespace interview::actors
