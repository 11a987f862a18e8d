#pragma once
// SessionCoordinator: owns slot placement, promotion and expiry. Each decision
// is one store transaction (retried on contention) whose writes come from a pure
// function in core/lifecycle. Detached: store calls block.
#include <memory>

#include "actors/messages.hpp"
#include "core/lifecycle/decisions.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

using coordinator_actor = caf::typed_actor<
    caf::replies_to<join_atom, std::string>::with<placement_msg>,
    caf::replies_to<leave_atom, std::string>::with<release_msg>,
    caf::replies_to<expire_atom, std::string>::with<release_msg>,
    caf::replies_to<fill_atom>::with<std::vector<std::string>>>;

coordinator_actor spawn_coordinator(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                                    lifecycle::SlotRules rules);

}  // namespace interview::actors
