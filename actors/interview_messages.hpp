#pragma once
// Message types of the interview actors. CAF 0.17 needs an inspect overload
// for every custom type in a message, found by ADL in the type's namespace.
#include <caf/all.hpp>

#include "actors/atoms.hpp"
#include "core/interview/interview_state.hpp"
#include "core/llm/interviewer.hpp"

namespace interview::llm {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HistoryEntry& x) {
  return f(caf::meta::type_name("history_entry"), x.role, x.message, x.question);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, InterviewContext& x) {
  return f(caf::meta::type_name("interview_context"), x.candidate_name, x.resume_text, x.history, x.last_answer);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, InterviewTurn& x) {
  return f(caf::meta::type_name("interview_turn"), x.bot_response, x.next_question, x.provider, x.model);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SwotAnalysis& x) {
  return f(caf::meta::type_name("swot_analysis"), x.strengths, x.weaknesses, x.opportunities, x.threats,
           x.fallback, x.provider, x.model);
}

}  // namespace interview::llm

namespace interview::interview_flow {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, TurnReply& x) {
  return f(caf::meta::type_name("turn_reply"), x.user_id, x.status, x.queue_number, x.bot_response,
           x.next_question, x.time_remaining, x.provider, x.model, x.estimated_wait_seconds);
}

}  // namespace interview::interview_flow
