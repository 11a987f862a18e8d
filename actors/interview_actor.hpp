#pragma once
// InterviewActor: one per active candidate. Serializes that candidate's start,
// respond and closing (a step's model call is awaited before the next message
// is looked at), and passivates after an idle period. Detached: its store
// calls block. The store stays the truth; the actor keeps no history of its own.
#include <chrono>
#include <memory>

#include "actors/interview_messages.hpp"
#include "actors/llm_pool.hpp"
#include "actors/session_coordinator.hpp"
#include "core/store/document_store.hpp"

namespace interview::actors {

using interview_actor = caf::typed_actor<
    caf::replies_to<start_atom>::with<interview_flow::TurnReply>,
    caf::replies_to<respond_atom, std::string>::with<interview_flow::TurnReply>,
    caf::replies_to<finalize_atom>::with<interview_flow::TurnReply>>;

struct InterviewDeps {
  std::shared_ptr<store::DocumentStore> store;
  coordinator_actor coordinator;
  std::shared_ptr<LlmPool> llm;
  std::chrono::milliseconds model_deadline{45000};
  std::chrono::seconds idle_timeout{120};
  std::chrono::seconds swot_claim_stale{180};
};

interview_actor spawn_interview_actor(caf::actor_system& sys, std::string user_id, InterviewDeps deps);

}  // namespace interview::actors
