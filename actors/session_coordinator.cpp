#include "actors/session_coordinator.hpp"

#include <algorithm>
#include <random>

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

// Logs the promotions and tells the waiting room's figures and estimate
// (`waits`, may be null) how long the promoted waited and a freed slot was held.
void log_promotions(const lifecycle::Plan& p, const std::shared_ptr<WaitEstimator>& waits) {
  for (const auto& id : p.promoted) spdlog::info("promoted {} into a free slot", id);
  if (!waits) return;
  auto now = store::now_micros();
  for (const auto& queued : p.promoted_queued_at)
    waits->promoted(std::chrono::duration_cast<std::chrono::microseconds>(now - queued));
  if (p.slot_given) waits->slot_freed(std::chrono::duration_cast<std::chrono::microseconds>(now - *p.slot_given));
}

struct CoordinatorState {
  std::unique_ptr<SlotTransactions> slots;
};

// An audit entry's id: random, chosen once per action (the same on every retry).
std::string new_audit_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string id(20, '0');
  for (int half = 0; half < 2; ++half) {
    auto bits = random();
    for (int i = 0; i < 10; ++i, bits >>= 4) id[half * 10 + i] = hex[bits & 15];
  }
  return id;
}

admission_msg to_admission(const lifecycle::Admission& a, const lifecycle::SlotRules& rules) {
  admission_msg m;
  m.paused = a.paused;
  m.session_limit = lifecycle::live_limit(a, rules);
  m.configured_limit = rules.session_limit;
  m.live_limit_set = a.session_limit.has_value();
  return m;
}

// One operator action, one transaction (core/lifecycle/admission.hpp).
Result<lifecycle::AdminPlan> run_admin(SlotTransactions& slots, const admin_msg& m, const lifecycle::AuditEntry& audit) {
  if (m.action == "pause" || m.action == "resume") return slots.pause(m.action == "pause", audit);
  if (m.action == "set_slots") {
    int limit = m.limit < 1 || m.limit > lifecycle::kMaxSessionLimit ? 0 : static_cast<int>(m.limit);
    return slots.set_limit(limit, audit);
  }
  if (m.action == "end_session") return slots.end_session(m.user_id, audit);
  if (m.action == "remove_from_queue") return slots.remove_from_queue(m.user_id, audit);
  return make_error(ErrorKind::bad_request, "unknown operator action: " + m.action);
}

bool dependency_failure(const Error& e) {
  return e.kind == ErrorKind::unavailable || e.kind == ErrorKind::timeout || e.kind == ErrorKind::internal;
}

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
    std::shared_ptr<CoordinatorCounters> counters, std::shared_ptr<WaitEstimator> waits) {
  self->state.slots = std::make_unique<SlotTransactions>(std::move(store), rules, &counters->transaction_retries);
  auto* slots = self->state.slots.get();
  auto& c = *counters;
  return {
      [=, &c](join_atom, const std::string& id, const RequestContext& rc) -> caf::result<placement_msg> {
        ops::ScopedLogContext scope(rc);
        auto plan = counted(slots->join(id), c.join, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan, waits);
        auto msg = to_msg(plan->placement);
        if (waits && plan->placement.status == lifecycle::UserStatus::pending)
          msg.estimated_wait_seconds = waits->estimate(msg.queue_number);
        return msg;
      },
      [=, &c](leave_atom, const std::string& id, const RequestContext& rc) -> caf::result<release_msg> {
        ops::ScopedLogContext scope(rc);
        auto plan = counted(slots->leave(id), c.leave, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan, waits);
        return to_release(*plan);
      },
      [=, &c](expire_atom, const std::string& id) -> caf::result<release_msg> {
        auto plan = counted(slots->expire(id), c.expire, c);
        if (!plan) return to_caf_error(plan.error());
        if (plan->no_show) spdlog::info("{} never started the interview: the slot goes to the next in line", id);
        log_promotions(*plan, waits);
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
      [=, &c](admin_atom, const admin_msg& m, const RequestContext& rc) -> caf::result<admission_msg> {
        ops::ScopedLogContext scope(rc);
        lifecycle::AuditEntry audit{new_audit_id(), m.action, m.client, m.user_id};
        auto done = run_admin(*slots, m, audit);
        if (!done) {
          if (dependency_failure(done.error())) c.failed(done.error().message);
          return to_caf_error(done.error());
        }
        c.admin++;
        spdlog::info("operator {} from {}{}: audit entry {}", m.action, m.client,
                     m.user_id.empty() ? std::string() : " for " + m.user_id, audit.id);
        log_promotions(done->plan, waits);
        auto reply = to_admission(done->admission, slots->rules());
        reply.promoted = done->plan.promoted;
        reply.audit_id = audit.id;
        return reply;
      },
      [=, &c](admission_atom) -> caf::result<admission_msg> {
        auto read = slots->admission();
        if (!read) {
          if (dependency_failure(read.error())) c.failed(read.error().message);
          return to_caf_error(read.error());
        }
        auto reply = to_admission(read->first, slots->rules());
        reply.sessions_in_use = read->second;
        return reply;
      },
      [=, &c](audit_atom, std::int64_t newest) -> caf::result<std::string> {
        auto entries = slots->audit(static_cast<int>(std::clamp<std::int64_t>(newest, 1, 1000)));
        if (!entries) {
          if (dependency_failure(entries.error())) c.failed(entries.error().message);
          return to_caf_error(entries.error());
        }
        auto out = nlohmann::json::array();
        for (const auto& d : *entries) {
          auto at = store::as_timestamp(d.fields.value("at", nlohmann::json()));
          out.push_back({{"id", d.id},
                         {"at", at ? store::format_rfc3339(*at) : std::string()},
                         {"action", d.fields.value("action", "")},
                         {"user_id", d.fields.value("user_id", "")},
                         {"detail", d.fields.value("detail", "")},
                         {"client", d.fields.value("client", "")}});
        }
        return out.dump();
      },
      [=, &c](fill_atom) -> caf::result<std::vector<std::string>> {
        auto plan = counted(slots->fill(), c.fill, c);
        if (!plan) return to_caf_error(plan.error());
        log_promotions(*plan, waits);
        return plan->promoted;
      },
  };
}

}  // namespace

coordinator_actor spawn_coordinator(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                                    lifecycle::SlotRules rules, std::shared_ptr<CoordinatorCounters> counters,
                                    std::shared_ptr<WaitEstimator> waits) {
  return sys.spawn<caf::detached>(coordinator, std::move(store), rules, std::move(counters), std::move(waits));
}

}  // namespace interview::actors

namespace interview::actors {

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const CoordinatorCounters> counters) {
  auto c = std::move(counters);
  using Count = std::atomic<std::int64_t> CoordinatorCounters::*;
  struct Row { const char* key; const char* help; Count n; };
  for (const Row& r : {Row{"join", "Join decisions (a candidate placed in a slot or the queue).", &CoordinatorCounters::join},
                       Row{"leave", "Exit decisions (a candidate left or ended early).", &CoordinatorCounters::leave},
                       Row{"expire", "Expiry decisions (a session's time ran out).", &CoordinatorCounters::expire},
                       Row{"fill", "Fill decisions (free slots given to the next in line).", &CoordinatorCounters::fill},
                       Row{"admin", "Operator actions (/admin/api: pause, resume, slots, end, remove).", &CoordinatorCounters::admin}})
    figures.counter(std::string("coordinator.decisions.") + r.key, r.help, [c, n = r.n] { return ((*c).*n).load(); })
        .metric("coordinator_decisions_total")
        .family_help("Slot decisions taken by the coordinator.")
        .label("decision", r.key);
  figures.counter("coordinator.transaction_retries", "Slot transactions retried on contention.",
                  [c] { return c->transaction_retries.load(); })
      .metric("coordinator_transaction_retries_total");
  figures.counter("coordinator.errors", "Coordinator decisions that failed.", [c] { return c->errors.load(); })
      .metric("coordinator_errors_total");
  figures.text("coordinator.last_error", "The last failed decision's error.", [c] {
    auto last = c->last();
    return last.empty() ? nlohmann::json(nullptr) : nlohmann::json(last);
  }).nullable();
}

}  // namespace interview::actors
