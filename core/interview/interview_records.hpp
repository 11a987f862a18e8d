#pragma once
// The interview's reads and writes on the DocumentStore port: each write is a
// transaction that re-reads users/{id}, so two instances (or the janitor and a
// late answer) never lose each other's history entries. Blocking.
#include <chrono>
#include <string>

#include "core/interview/interview_state.hpp"

namespace interview::interview_flow {

Result<InterviewState> load_state(store::DocumentStore& store, const std::string& user_id);

// Appends the candidate's answer unless it is already the last entry (a resend).
Status record_answer(store::DocumentStore& store, const std::string& user_id, const std::string& answer,
                     const std::string& question);
// Appends the bot's turn and the pending question.
Status record_turn(store::DocumentStore& store, const std::string& user_id, const llm::InterviewTurn& turn,
                   std::int64_t time_remaining);

enum class SwotClaim { claimed, done, taken };
// Claims the SWOT generation in a transaction, so only one caller (janitor,
// late answer, another instance) pays for the model call. A claim older than
// `stale_after` is taken over (its owner died).
Result<SwotClaim> claim_swot(store::DocumentStore& store, const std::string& user_id,
                             std::chrono::seconds stale_after);
Status save_swot(store::DocumentStore& store, const std::string& user_id, const llm::SwotAnalysis& swot);
// Gives the claim back after a failed generation; the janitor retries later.
Status release_swot(store::DocumentStore& store, const std::string& user_id);

// users whose SWOT is still owed (swot_status pending, or a stale claim).
store::Query swot_owed_query(int limit);

}  // namespace interview::interview_flow
