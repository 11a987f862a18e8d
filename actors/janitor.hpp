#pragma once
// JanitorActor: every CLEANUP_INTERVAL_SECONDS, finds sessions past their
// expiry_time and has the coordinator expire them (each expiry promotes the
// oldest waiting candidate in the same transaction), then fills any slot freed
// behind our back (a TTL policy). Safe when janitors of several instances race:
// every expiry re-checks inside its transaction.
#include <chrono>
#include <memory>

#include "actors/session_coordinator.hpp"

namespace interview::actors {

using janitor_actor = caf::typed_actor<caf::reacts_to<tick_atom>>;

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, std::chrono::seconds interval);

}  // namespace interview::actors
