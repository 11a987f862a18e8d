#pragma once
// The SessionCoordinator's work without the actor: read a snapshot, decide,
// commit — one store transaction per decision. Blocking; call off the scheduler.
#include <atomic>
#include <memory>

#include "core/lifecycle/admission.hpp"
#include "core/lifecycle/decisions.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

class SlotTransactions {
 public:
  // `retries` (may be null) counts the attempts of these transactions beyond
  // the first: contention on the slots, not every store retry.
  SlotTransactions(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules,
                   std::atomic<std::int64_t>* retries = nullptr)
      : store_(std::move(store)), rules_(rules), retries_(retries) {}

  Result<lifecycle::Plan> join(const std::string& user_id);
  Result<lifecycle::Plan> leave(const std::string& user_id);
  Result<lifecycle::Plan> expire(const std::string& user_id);
  Result<lifecycle::Plan> fill();
  Result<lifecycle::Plan> begin(const std::string& user_id);
  // Operator actions (core/lifecycle/admission.hpp): one transaction each, audit entry included.
  Result<lifecycle::AdminPlan> pause(bool paused, const lifecycle::AuditEntry& audit);
  Result<lifecycle::AdminPlan> set_limit(int limit, const lifecycle::AuditEntry& audit);
  Result<lifecycle::AdminPlan> end_session(const std::string& user_id, const lifecycle::AuditEntry& audit);
  Result<lifecycle::AdminPlan> remove_from_queue(const std::string& user_id, const lifecycle::AuditEntry& audit);
  // Reads for operators, outside any transaction: the settings and the sessions in use; the audit log, newest first.
  Result<std::pair<lifecycle::Admission, std::int64_t>> admission();
  Result<std::vector<store::Document>> audit(int newest);
  const lifecycle::SlotRules& rules() const { return rules_; }

 private:
  using Decide = std::function<lifecycle::Plan(store::Transaction&, store::TimePoint)>;
  Result<lifecycle::Plan> run(const Decide& decide);
  using EndRule = lifecycle::Plan (*)(const std::string&, const lifecycle::CandidateSnapshot&,
                                      const lifecycle::SlotSnapshot&, store::TimePoint, const lifecycle::SlotRules&);
  Result<lifecycle::Plan> end(const std::string& user_id, const EndRule& rule);
  using DecideAdmin = std::function<lifecycle::AdminPlan(store::Transaction&, store::TimePoint)>;
  Result<lifecycle::AdminPlan> admin(const DecideAdmin& decide);

  std::shared_ptr<store::DocumentStore> store_;
  lifecycle::SlotRules rules_;
  std::atomic<std::int64_t>* retries_;
};

}  // namespace interview::actors
