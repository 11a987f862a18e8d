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
// The pure rules behind the SWOT claim, on a users document's fields.
// A complete SWOT (the four lists) is stored.
bool has_swot(const store::Fields& user);
// A generation claim (`swot_status` generating) made within `stale_after` of
// `now`: its owner may still be working. An older claim (or one without its
// time) is stale: its owner died, anyone may take it over.
bool live_swot_claim(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after);
// What claiming at `now` does: done (a SWOT is stored), taken (a live claim
// of someone else), or claimed (pending, no status, or a stale claim).
SwotClaim decide_swot_claim(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after);
// The SWOT is owed and nobody is making it: pending, or a stale claim.
bool swot_owed(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after);

// Claims the SWOT generation in a transaction, so only one caller (janitor,
// late answer, another instance) pays for the model call. A claim older than
// `stale_after` is taken over (its owner died).
Result<SwotClaim> claim_swot(store::DocumentStore& store, const std::string& user_id,
                             std::chrono::seconds stale_after);
// Stores the SWOT unless one is stored already (a claim taken over from a
// slow owner may finish twice: the first SWOT stays, exactly one is kept).
Status save_swot(store::DocumentStore& store, const std::string& user_id, const llm::SwotAnalysis& swot);
// Gives the claim back after a failed generation (unless a SWOT was stored
// meanwhile); the janitor retries later.
Status release_swot(store::DocumentStore& store, const std::string& user_id);

// users whose SWOT is owed: swot_status pending.
store::Query swot_owed_query(int limit);
// users with a claim (swot_status generating): the janitor takes over those
// that are stale (swot_owed). One equality filter: no composite index needed.
store::Query swot_claims_query(int limit);

}  // namespace interview::interview_flow
