#pragma once
// InterviewActor: one per active candidate, on CAF's scheduler. Serializes
// that candidate's start, respond and closing: each step's store calls (on the
// blocking pool) and model call (on the model pool) are awaited before the
// next message is looked at. After an idle period it tells the registry,
// which passivates it. The store stays the truth; the actor keeps no history
// of its own.
#include <chrono>
#include <memory>

#include "actors/blocking_pool.hpp"
#include "actors/interview_messages.hpp"
#include "actors/llm_pool.hpp"
#include "actors/request_context.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/wait_estimator.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

using interview_actor = caf::typed_actor<
    caf::replies_to<start_atom, RequestContext>::with<interview_flow::TurnReply>,
    caf::replies_to<respond_atom, std::string, RequestContext>::with<interview_flow::TurnReply>,
    caf::replies_to<finalize_atom, RequestContext>::with<interview_flow::TurnReply>, caf::reacts_to<passivate_atom>>;

struct InterviewDeps {
  std::shared_ptr<store::DocumentStore> store;
  coordinator_actor coordinator;
  std::shared_ptr<LlmPool> llm;
  std::shared_ptr<BlockingPool> blocking;  // store calls
  std::chrono::milliseconds store_deadline{10000};
  std::chrono::milliseconds model_deadline{45000};
  std::chrono::seconds idle_timeout{120};
  std::chrono::seconds swot_claim_stale{180};
  std::shared_ptr<WaitEstimator> waits;  // the estimated wait in the waiting text (may be null)
};

// Who hears that an actor has had nothing to do for `idle_timeout`: the registry.
using idle_listener_actor = caf::typed_actor<caf::reacts_to<idle_atom, std::string>>;

interview_actor spawn_interview_actor(caf::actor_system& sys, std::string user_id, InterviewDeps deps,
                                      idle_listener_actor registry);

}  // namespace interview::actors
