#pragma once
// The InterviewRegistry: finds or spawns the InterviewActor of a candidate and
// delegates the request to it (the reply goes straight back to the caller).
// Forgets an actor when it passivates. Non-blocking: runs on the scheduler.
#include "actors/interview_actor.hpp"

namespace interview::actors {

using interview_registry_actor = caf::typed_actor<
    caf::replies_to<start_atom, std::string>::with<interview_flow::TurnReply>,
    caf::replies_to<respond_atom, std::string, std::string>::with<interview_flow::TurnReply>,
    caf::replies_to<finalize_atom, std::string>::with<interview_flow::TurnReply>>;

struct InterviewRegistryCounters {
  std::atomic<std::int64_t> live{0}, passivated{0}, requests{0};
};

interview_registry_actor spawn_interview_registry(caf::actor_system& sys, InterviewDeps deps,
                                                  std::shared_ptr<InterviewRegistryCounters> counters);

}  // namespace interview::actors
