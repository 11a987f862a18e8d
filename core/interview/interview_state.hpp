#pragma once
// What an interview step needs from users/{id} and in_session/{id}, and the
// pure rules that decide a step: wait, replay the pending question, close, or
// ask the model. The InterviewActor reads, calls these, and writes.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/lifecycle/user_status.hpp"
#include "core/llm/interviewer.hpp"
#include "core/store/document_store.hpp"

namespace interview::interview_flow {

// The reply shape of /interview/start and /interview/respond.
struct TurnReply {
  std::string user_id;
  std::string status;  // idle | queue | in_session | session_over
  std::int64_t queue_number = 0;
  std::string bot_response;
  std::string next_question;
  std::int64_t time_remaining = 0;
  std::string provider;  // who answered: a model, "offline", or "service"
  std::string model;
  std::int64_t estimated_wait_seconds = 0;  // status "queue" only
};

struct InterviewState {
  std::string user_id;
  lifecycle::UserStatus status = lifecycle::UserStatus::idle;
  std::string candidate_name;
  std::string resume_text;
  std::vector<llm::HistoryEntry> history;
  std::string last_bot_response;
  std::string next_question;
  bool has_swot = false;
  std::optional<store::TimePoint> expiry;  // from in_session/{id}; none: no session
  // The slot is given but the interview not started: expiry is the no-show
  // deadline; the first step that asks the model starts the clock (decide_begin).
  bool awaiting_start = false;
};

InterviewState read_state(const std::string& user_id, const store::Document& user,
                          const std::optional<store::Document>& session);

std::int64_t seconds_remaining(const InterviewState& s, store::TimePoint now);
// The session is over: ended, or its expiry time has passed (a session
// awaiting its start is not over: the janitor decides no-shows).
bool session_finished(const InterviewState& s, store::TimePoint now);

enum class Step {
  wait,         // not in a slot yet: tell the candidate to wait (idle or queue)
  replay,       // the interview started: the pending question again (page reload)
  close,        // run the closing step
  ask_opening,  // ask the model for the first question
  ask_next,     // record the answer (if new) and ask the model for the next question
};

Step decide_start(const InterviewState& s, store::TimePoint now);
// An empty answer only triggers the closing step once the time is (nearly) up;
// before that it re-asks the pending question and records nothing.
Step decide_respond(const InterviewState& s, const std::string& answer, store::TimePoint now);

// True when `answer` is already the last history entry (a resend after a
// failed model call): it must not be appended again.
bool answer_already_recorded(const InterviewState& s, const std::string& answer);

store::Fields user_entry(const std::string& answer, const std::string& question, store::TimePoint now);
store::Fields bot_entry(const llm::InterviewTurn& turn, store::TimePoint now);
llm::InterviewContext context_of(const InterviewState& s, const std::string& last_answer);

// Waiting: the position and, when queued, the estimated wait (also in the text).
TurnReply wait_reply(const std::string& user_id, lifecycle::UserStatus status, std::int64_t queue_number,
                     std::int64_t estimated_wait_seconds = 0);
TurnReply replay_reply(const InterviewState& s, store::TimePoint now);
TurnReply turn_reply(const InterviewState& s, const llm::InterviewTurn& turn, store::TimePoint now);
// Contains "session has concluded" and "Status: session over." (the frontend
// detects the end by that text).
TurnReply closing_reply(const std::string& user_id, bool swot_ready);

}  // namespace interview::interview_flow
