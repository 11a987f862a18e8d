#pragma once
// SessionCoordinator: owns slot placement, promotion and expiry. Each decision
// is one store transaction (retried on contention) whose writes come from a pure
// function in core/lifecycle. Detached: store calls block.
#include <atomic>
#include <memory>
#include <mutex>

#include "actors/messages.hpp"
#include "actors/request_context.hpp"
#include "actors/wait_estimator.hpp"
#include "core/lifecycle/decisions.hpp"
#include "core/store/document_store.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using coordinator_actor = caf::typed_actor<
    caf::replies_to<join_atom, std::string, RequestContext>::with<placement_msg>,
    caf::replies_to<leave_atom, std::string, RequestContext>::with<release_msg>,
    caf::replies_to<expire_atom, std::string>::with<release_msg>,
    caf::replies_to<fill_atom>::with<std::vector<std::string>>,
    // The interview's end in microseconds since the epoch (0: holds no slot).
    caf::replies_to<begin_atom, std::string>::with<std::int64_t>,
    // Operator controls: one transaction per action, audit entry included.
    caf::replies_to<admin_atom, admin_msg, RequestContext>::with<admission_msg>,
    caf::replies_to<admission_atom>::with<admission_msg>,
    // The newest audit entries as a JSON array (newest first).
    caf::replies_to<audit_atom, std::int64_t>::with<std::string>>;

// What operators see of the coordinator (GET /stats).
struct CoordinatorCounters {
  std::atomic<std::int64_t> join{0}, leave{0}, expire{0}, fill{0}, begin{0}, errors{0};
  std::atomic<std::int64_t> admin{0};  // operator actions carried out (/admin/api)
  std::atomic<std::int64_t> transaction_retries{0};  // the slot transactions' attempts beyond the first
  void failed(const std::string& what) {
    errors++;
    std::lock_guard<std::mutex> lock(mu);
    last_error = what;
  }
  std::string last() const {
    std::lock_guard<std::mutex> lock(mu);
    return last_error;
  }

 private:
  mutable std::mutex mu;
  std::string last_error;
};

// The coordinator's figures, under "coordinator" in /stats.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const CoordinatorCounters> counters);

// `waits` (may be null): the waiting room's estimate, told of every promotion and freed slot.
coordinator_actor spawn_coordinator(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                                    lifecycle::SlotRules rules, std::shared_ptr<CoordinatorCounters> counters,
                                    std::shared_ptr<WaitEstimator> waits = nullptr);

}  // namespace interview::actors
