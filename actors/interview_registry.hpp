#pragma once
// The InterviewRegistry: finds or spawns the InterviewActor of a candidate and
// delegates the request to it (the reply goes straight back to the caller).
// It owns passivation: an idle actor asks to go, the registry tells it to quit
// and holds that candidate's new requests for the successor it spawns once
// the old actor is down, so no request bounces. Non-blocking: on the scheduler.
#include "actors/interview_actor.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using interview_registry_actor = caf::typed_actor<
    caf::replies_to<start_atom, std::string, RequestContext>::with<interview_flow::TurnReply>,
    caf::replies_to<respond_atom, std::string, std::string, RequestContext>::with<interview_flow::TurnReply>,
    caf::replies_to<finalize_atom, std::string>::with<interview_flow::TurnReply>,
    caf::reacts_to<idle_atom, std::string>>;

struct InterviewRegistryCounters {
  std::atomic<std::int64_t> live{0}, passivated{0}, requests{0};
};

// The interview actors' figures, under "interviews" in /stats.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const InterviewRegistryCounters> counters);

interview_registry_actor spawn_interview_registry(caf::actor_system& sys, InterviewDeps deps,
                                                  std::shared_ptr<InterviewRegistryCounters> counters);

}  // namespace interview::actors
