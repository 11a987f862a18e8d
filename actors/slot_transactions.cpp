#include "actors/slot_transactions.hpp"

#include "core/lifecycle/snapshots.hpp"

namespace interview::actors {

using lifecycle::Plan;

Result<Plan> SlotTransactions::run(const Decide& decide) {
  Plan plan;
  auto st = store_->run_transaction([&](store::Transaction& tx) {
    plan = decide(tx, store::now_micros());  // reset on every attempt
    if (plan.error) return;
    for (const auto& w : plan.writes) tx.stage(w);
  });
  if (!st) return st.error();
  if (plan.error) return *plan.error;
  return plan;
}

Result<Plan> SlotTransactions::join(const std::string& id) {
  auto plan = run([&](store::Transaction& tx, store::TimePoint now) {
    auto c = lifecycle::read_candidate(tx, id);
    lifecycle::SlotSnapshot slots;
    // Slots are read only when the candidate is not placed yet.
    if (c.user && !lifecycle::current_placement(id, c)) slots = lifecycle::read_slots(tx, rules_);
    return lifecycle::decide_join(id, c, slots, now, rules_);
  });
  if (plan && plan->count_position) {
    // The queue entry's created_at is the commit time: count who is ahead now.
    auto position = lifecycle::queue_position(*store_, id);
    if (!position) return position.error();
    plan->placement.queue_number = *position;
  }
  return plan;
}

Result<Plan> SlotTransactions::leave(const std::string& id) {
  return run([&](store::Transaction& tx, store::TimePoint now) {
    auto c = lifecycle::read_candidate(tx, id);
    lifecycle::SlotSnapshot slots;
    if (c.session) slots = lifecycle::read_slots(tx, rules_, 1);
    return lifecycle::decide_exit(id, c, slots, now, rules_);
  });
}

Result<Plan> SlotTransactions::expire(const std::string& id) {
  return run([&](store::Transaction& tx, store::TimePoint now) {
    auto c = lifecycle::read_candidate(tx, id);
    lifecycle::SlotSnapshot slots;
    if (c.session) slots = lifecycle::read_slots(tx, rules_, 1);
    return lifecycle::decide_expire(id, c, slots, now, rules_);
  });
}

Result<Plan> SlotTransactions::begin(const std::string& id) {
  return run([&](store::Transaction& tx, store::TimePoint now) {
    return lifecycle::decide_begin(id, lifecycle::read_candidate(tx, id), now, rules_);
  });
}

Result<Plan> SlotTransactions::fill() {
  return run([&](store::Transaction& tx, store::TimePoint now) {
    return lifecycle::decide_fill(lifecycle::read_slots(tx, rules_), now, rules_);
  });
}

}  // namespace interview::actors
