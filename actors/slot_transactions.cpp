#include "actors/slot_transactions.hpp"

#include "core/lifecycle/snapshots.hpp"

namespace interview::actors {

using lifecycle::Plan;

Result<Plan> SlotTransactions::run(const Decide& decide) {
  Plan plan;
  int attempts = 0;
  auto st = store_->run_transaction([&](store::Transaction& tx) {
    if (attempts++ > 0 && retries_) (*retries_)++;
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

// A session ending frees one slot: the next in line is read only then.
Result<Plan> SlotTransactions::end(const std::string& id, const EndRule& rule) {
  return run([&](store::Transaction& tx, store::TimePoint now) {
    auto c = lifecycle::read_candidate(tx, id);
    lifecycle::SlotSnapshot slots;
    if (c.session) slots = lifecycle::read_slots(tx, rules_, 1);
    return rule(id, c, slots, now, rules_);
  });
}

Result<Plan> SlotTransactions::leave(const std::string& id) { return end(id, lifecycle::decide_exit); }

Result<Plan> SlotTransactions::expire(const std::string& id) { return end(id, lifecycle::decide_expire); }

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

Result<lifecycle::AdminPlan> SlotTransactions::admin(const DecideAdmin& decide) {
  lifecycle::Admission after;
  auto plan = run([&](store::Transaction& tx, store::TimePoint now) {
    auto a = decide(tx, now);
    after = a.admission;
    return std::move(a.plan);
  });
  if (!plan) return plan.error();
  return lifecycle::AdminPlan{std::move(*plan), after};
}

Result<lifecycle::AdminPlan> SlotTransactions::pause(bool paused, const lifecycle::AuditEntry& audit) {
  return admin([&](store::Transaction& tx, store::TimePoint now) {
    auto current = lifecycle::read_admission(tx);
    auto next = current;
    next.paused = paused;
    return lifecycle::decide_pause(paused, current, lifecycle::read_slots(tx, rules_, 0, next), audit, now, rules_);
  });
}

Result<lifecycle::AdminPlan> SlotTransactions::set_limit(int limit, const lifecycle::AuditEntry& audit) {
  return admin([&](store::Transaction& tx, store::TimePoint now) {
    auto current = lifecycle::read_admission(tx);
    auto next = current;
    next.session_limit = limit;
    bool valid = limit >= 1 && limit <= lifecycle::kMaxSessionLimit;
    auto slots = valid ? lifecycle::read_slots(tx, rules_, 0, next) : lifecycle::SlotSnapshot{};
    return lifecycle::decide_set_limit(limit, current, slots, audit, now, rules_);
  });
}

Result<lifecycle::AdminPlan> SlotTransactions::end_session(const std::string& id, const lifecycle::AuditEntry& audit) {
  return admin([&](store::Transaction& tx, store::TimePoint now) {
    auto current = lifecycle::read_admission(tx);
    auto c = lifecycle::read_candidate(tx, id);
    lifecycle::SlotSnapshot slots;
    if (c.session) slots = lifecycle::read_slots(tx, rules_, 1, current);
    return lifecycle::decide_end_session(id, c, current, slots, audit, now, rules_);
  });
}

Result<lifecycle::AdminPlan> SlotTransactions::remove_from_queue(const std::string& id,
                                                                const lifecycle::AuditEntry& audit) {
  return admin([&](store::Transaction& tx, store::TimePoint now) {
    auto current = lifecycle::read_admission(tx);
    return lifecycle::decide_remove_from_queue(id, lifecycle::read_candidate(tx, id), current, audit, now, rules_);
  });
}

Result<std::pair<lifecycle::Admission, std::int64_t>> SlotTransactions::admission() {
  auto doc = store_->get(lifecycle::kConfig, lifecycle::kAdmissionId);
  if (!doc) return doc.error();
  auto in_use = store_->count(store::Query(lifecycle::kInSession));
  if (!in_use) return in_use.error();
  return std::make_pair(lifecycle::admission_of(*doc), *in_use);
}

Result<std::vector<store::Document>> SlotTransactions::audit(int newest) {
  return store_->query(store::Query(lifecycle::kAdminAudit).order("at", store::Direction::desc).take(newest));
}

}  // namespace interview::actors
