#pragma once
// The SessionCoordinator's work without the actor: read a snapshot, decide,
// commit — one store transaction per decision. Blocking; call off the scheduler.
#include <memory>

#include "core/lifecycle/decisions.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

class SlotTransactions {
 public:
  SlotTransactions(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules)
      : store_(std::move(store)), rules_(rules) {}

  Result<lifecycle::Plan> join(const std::string& user_id);
  Result<lifecycle::Plan> leave(const std::string& user_id);
  Result<lifecycle::Plan> expire(const std::string& user_id);
  Result<lifecycle::Plan> fill();
  Result<lifecycle::Plan> begin(const std::string& user_id);

 private:
  using Decide = std::function<lifecycle::Plan(store::Transaction&, store::TimePoint)>;
  Result<lifecycle::Plan> run(const Decide& decide);

  std::shared_ptr<store::DocumentStore> store_;
  lifecycle::SlotRules rules_;
};

}  // namespace interview::actors
