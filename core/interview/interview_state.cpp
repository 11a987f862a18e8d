#include "core/interview/interview_state.hpp"

#include <algorithm>

#include "core/lifecycle/collections.hpp"

namespace interview::interview_flow {
namespace {

std::string text_of(const store::Fields& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Remaining time at or below this counts as over for an empty answer: the
// frontend's own timer may fire a moment before ours.
constexpr std::int64_t kEmptyAnswerGraceSeconds = 2;

}  // namespace

InterviewState read_state(const std::string& user_id, const store::Document& user,
                          const std::optional<store::Document>& session) {
  InterviewState s;
  s.user_id = user_id;
  s.status = lifecycle::status_of(user);
  const auto& f = user.fields;
  s.candidate_name = text_of(f, "first_name");
  if (auto last = text_of(f, "last_name"); !last.empty()) s.candidate_name += " " + last;
  s.resume_text = text_of(f, "resume_text");
  s.last_bot_response = text_of(f, "last_bot_response");
  s.next_question = text_of(f, "next_question");
  auto swot = f.find("swot_analysis");
  s.has_swot = swot != f.end() && swot->is_object() && swot->contains("strengths");
  if (auto h = f.find("interview_history"); h != f.end() && h->is_array()) {
    for (const auto& e : *h) {
      if (!e.is_object()) continue;
      s.history.push_back({text_of(e, "role"), text_of(e, "message"), text_of(e, "question")});
    }
  }
  if (session) {
    auto it = session->fields.find("expiry_time");
    if (it != session->fields.end()) s.expiry = store::as_timestamp(*it);
    if (!s.expiry) s.expiry = store::TimePoint{};  // unreadable expiry: treat as expired
    s.awaiting_start = lifecycle::awaiting_start(*session);
  }
  return s;
}

std::int64_t seconds_remaining(const InterviewState& s, store::TimePoint now) {
  if (!s.expiry || *s.expiry <= now) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(*s.expiry - now).count();
}

bool session_finished(const InterviewState& s, store::TimePoint now) {
  if (s.status == lifecycle::UserStatus::session_over) return true;
  if (s.status != lifecycle::UserStatus::in_session) return false;
  if (s.expiry && s.awaiting_start) return false;
  return !s.expiry || *s.expiry <= now;
}

Step decide_start(const InterviewState& s, store::TimePoint now) {
  if (session_finished(s, now)) return Step::close;
  if (s.status != lifecycle::UserStatus::in_session) return Step::wait;
  if (!s.history.empty() && !s.next_question.empty()) return Step::replay;
  return Step::ask_opening;
}

Step decide_respond(const InterviewState& s, const std::string& answer, store::TimePoint now) {
  if (session_finished(s, now)) return Step::close;
  if (s.status != lifecycle::UserStatus::in_session) return Step::wait;
  bool blank = std::all_of(answer.begin(), answer.end(), [](unsigned char c) { return std::isspace(c); });
  if (blank)
    return !s.awaiting_start && seconds_remaining(s, now) <= kEmptyAnswerGraceSeconds ? Step::close : Step::replay;
  if (s.history.empty()) return Step::ask_opening;
  return Step::ask_next;
}

bool answer_already_recorded(const InterviewState& s, const std::string& answer) {
  return !s.history.empty() && s.history.back().role == "user" && s.history.back().message == answer;
}

store::Fields user_entry(const std::string& answer, const std::string& question, store::TimePoint now) {
  return {{"role", "user"}, {"message", answer}, {"timestamp", store::format_rfc3339(now)}, {"question", question}};
}

store::Fields bot_entry(const llm::InterviewTurn& turn, store::TimePoint now) {
  return {{"role", "bot"},
          {"message", turn.bot_response},
          {"question", turn.next_question},
          {"timestamp", store::format_rfc3339(now)},
          {"provider", turn.provider},
          {"model", turn.model}};
}

llm::InterviewContext context_of(const InterviewState& s, const std::string& last_answer) {
  return {s.candidate_name, s.resume_text, s.history, last_answer};
}

TurnReply wait_reply(const std::string& user_id, lifecycle::UserStatus status, std::int64_t queue_number,
                     std::int64_t estimated_wait_seconds) {
  TurnReply r;
  r.user_id = user_id;
  r.provider = "service";
  if (status == lifecycle::UserStatus::pending) {
    r.status = "queue";
    r.queue_number = queue_number;
    r.estimated_wait_seconds = estimated_wait_seconds;
    std::int64_t minutes = (estimated_wait_seconds + 59) / 60;
    std::string estimate = estimated_wait_seconds < 0   ? std::string(" Admissions are paused for now; your place is kept.")
                           : estimated_wait_seconds == 0 ? std::string(" Your turn is next.")
                           : minutes <= 1              ? std::string(" The estimated wait is under a minute.")
                                                       : " The estimated wait is about " + std::to_string(minutes) + " minutes.";
    r.bot_response = "All interview slots are busy right now. You are number " + std::to_string(queue_number) +
                     " in the queue; your interview starts automatically when a slot frees up." + estimate;
  } else {
    r.status = "idle";
    r.bot_response = "Please wait: you have not been placed in an interview slot yet.";
  }
  return r;
}

TurnReply replay_reply(const InterviewState& s, store::TimePoint now) {
  return turn_reply(s, {s.last_bot_response, s.next_question, "service", ""}, now);
}

TurnReply turn_reply(const InterviewState& s, const llm::InterviewTurn& turn, store::TimePoint now) {
  TurnReply r;
  r.user_id = s.user_id;
  r.status = "in_session";
  r.bot_response = turn.bot_response;
  r.next_question = turn.next_question;
  r.time_remaining = seconds_remaining(s, now);
  r.provider = turn.provider;
  r.model = turn.model;
  return r;
}

TurnReply closing_reply(const std::string& user_id, bool swot_ready) {
  TurnReply r;
  r.user_id = user_id;
  r.status = "session_over";
  r.bot_response = std::string("Thank you for your answers. Your interview session has concluded. ") +
                   (swot_ready ? "Your SWOT analysis is ready to view."
                               : "Your SWOT analysis is being prepared and will be ready shortly.") +
                   " Status: session over.";
  r.provider = "service";
  return r;
}

}  // namespace interview::interview_flow
