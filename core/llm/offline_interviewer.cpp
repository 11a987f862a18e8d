#include "core/llm/offline_interviewer.hpp"

#include <algorithm>
#include <set>

#include "core/llm/tech_catalog.hpp"
#include "core/llm/text_util.hpp"

namespace interview::llm {
namespace {

constexpr std::size_t kShortAnswerWords = 12;
constexpr std::size_t kDetailedAnswerWords = 40;

std::string normalized(const std::string& q) { return text::to_lower(text::trim(q)); }

std::set<std::string> asked_questions(const InterviewContext& ctx) {
  std::set<std::string> asked;
  for (const auto& e : ctx.history) {
    if (e.role == "bot" && !e.question.empty()) asked.insert(normalized(e.question));
  }
  return asked;
}

// Every answer given, including last_answer when history does not hold it yet.
std::vector<std::pair<std::string, std::string>> question_answer_pairs(const InterviewContext& ctx) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string current_question;
  for (const auto& e : ctx.history) {
    if (e.role == "bot") current_question = e.question;
    else pairs.emplace_back(current_question, e.message);
  }
  bool in_history = !pairs.empty() && text::trim(pairs.back().second) == text::trim(ctx.last_answer);
  if (!text::trim(ctx.last_answer).empty() && !in_history) {
    pairs.emplace_back(current_question, ctx.last_answer);
  }
  return pairs;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " and " : ", ";
    out += items[i];
  }
  return out;
}

bool contains_topic(const std::vector<Topic>& topics, const std::string& name) {
  return std::any_of(topics.begin(), topics.end(), [&](const Topic& t) { return t.name == name; });
}

std::string first_name(const std::string& full) {
  auto t = text::trim(full);
  auto space = t.find(' ');
  return space == std::string::npos ? t : t.substr(0, space);
}

// What the resume and answers show against the role's focus.
struct Coverage {
  std::vector<Topic> focus;          // the role's focus topics, in order
  std::vector<Topic> focus_shown;    // focus topics in resume or answers
  std::vector<Topic> focus_missing;  // focus topics never mentioned
  std::vector<Topic> extra_shown;    // catalog topics outside the focus that were mentioned
};

Coverage coverage(const InterviewProfile& profile, const std::string& evidence) {
  Coverage c;
  for (const auto& item : profile.focus) {
    Topic t = focus_topic(item);
    if (contains_topic(c.focus, t.name)) continue;
    c.focus.push_back(t);
    (mentions(evidence, t) ? c.focus_shown : c.focus_missing).push_back(t);
  }
  for (const auto& t : tech_catalog()) {
    if (!contains_topic(c.focus, t.name) && mentions(evidence, t)) c.extra_shown.push_back(t);
  }
  return c;
}

std::vector<std::string> names(const std::vector<Topic>& topics) {
  std::vector<std::string> out;
  for (const auto& t : topics) out.push_back(t.name);
  return out;
}

std::string topic_of_question(const std::string& question, const std::vector<Topic>& topics) {
  for (const auto& t : topics) {
    for (const auto& q : t.questions) {
      if (normalized(q) == normalized(question)) return t.name;
    }
  }
  return "general experience";
}

}  // namespace

OfflineInterviewer::OfflineInterviewer(InterviewProfile profile) : profile_(std::move(profile)) {}

Result<InterviewTurn> OfflineInterviewer::opening(const InterviewContext& context) {
  std::string name = first_name(context.candidate_name);
  std::string greeting = (name.empty() ? std::string("Hello!") : "Hello " + name + "!") +
                         " I am the automated interviewer for the " + profile_.role +
                         " role, running in offline mode without an AI model. Let's begin.";
  return InterviewTurn{greeting, choose_question(context), kProvider, kModel};
}

Result<InterviewTurn> OfflineInterviewer::next_turn(const InterviewContext& context) {
  return InterviewTurn{acknowledge(context.last_answer), choose_question(context), kProvider,
                       kModel};
}

std::string OfflineInterviewer::choose_question(const InterviewContext& context) const {
  std::string answers;
  for (const auto& [q, a] : question_answer_pairs(context)) answers += a + "\n";
  Coverage in_resume = coverage(profile_, context.resume_text);
  Coverage overall = coverage(profile_, context.resume_text + "\n" + answers);

  // Priority: what the last answer brought up, the focus technologies the
  // candidate has shown, their other technologies, general questions, and
  // finally how they would approach focus technologies they have not shown.
  std::vector<Topic> order;
  auto add = [&](const Topic& t) {
    if (!contains_topic(order, t.name)) order.push_back(t);
  };
  for (const auto& t : overall.focus_shown) {
    if (mentions(context.last_answer, t)) add(t);
  }
  for (const auto& t : overall.extra_shown) {
    if (mentions(context.last_answer, t)) add(t);
  }
  for (const auto& t : in_resume.focus_shown) add(t);
  for (const auto& t : overall.focus_shown) add(t);
  for (const auto& t : overall.extra_shown) add(t);
  add(general_topic(profile_.role));
  for (const auto& t : overall.focus_missing) add(transfer_topic(t, profile_.role));

  const auto asked = asked_questions(context);
  auto asked_count = [&](const Topic& t) {
    return std::count_if(t.questions.begin(), t.questions.end(),
                         [&](const std::string& q) { return asked.count(normalized(q)) > 0; });
  };
  // Breadth first: every topic gets its n-th question before any gets its (n+1)-th.
  std::size_t max_questions = 0;
  for (const auto& t : order) max_questions = std::max(max_questions, t.questions.size());
  for (std::size_t round = 0; round < max_questions; ++round) {
    for (const auto& t : order) {
      if (static_cast<std::size_t>(asked_count(t)) != round) continue;
      for (const auto& q : t.questions) {
        if (asked.count(normalized(q)) == 0) return q;
      }
    }
  }
  // The bank is exhausted: a numbered open question stays unique.
  for (std::size_t n = asked.size() + 1;; ++n) {
    std::string q = "Is there another part of your experience we have not covered yet that you "
                    "would like to talk about (topic " + std::to_string(n) + ")?";
    if (asked.count(normalized(q)) == 0) return q;
  }
}

std::string OfflineInterviewer::acknowledge(const std::string& raw_answer) const {
  std::string answer = text::trim(raw_answer);
  if (answer.empty()) return "No answer was recorded for that question. That's fine, let's move on.";
  const auto pick = [&](const std::vector<std::string>& pool) {
    return pool[text::stable_hash(answer) % pool.size()];
  };
  std::string lower = text::to_lower(answer);
  for (const char* unsure : {"don't know", "dont know", "do not know", "not sure", "no idea",
                             "haven't used", "have not used", "no experience"}) {
    if (lower.find(unsure) != std::string::npos) {
      return "Thanks for being upfront about that. Let's look at a different area.";
    }
  }
  std::size_t words = text::word_count(answer);
  if (words < kShortAnswerWords) {
    return pick({"Thanks. A concrete example from your own work would help me understand it "
                 "better next time.",
                 "Okay, thank you. Feel free to add more detail about your own role in the next "
                 "answer."});
  }
  if (words < kDetailedAnswerWords) {
    return pick({"Thank you, that's a clear answer.", "Thanks, that gives me a good picture.",
                 "Got it, thank you."});
  }
  std::string reply = pick({"Thanks for the detailed answer; the concrete details help.",
                            "That's a thorough answer, thank you."});
  for (const auto& t : tech_catalog()) {
    if (mentions(answer, t)) {
      reply += " It's good to hear about your experience with " + t.name + ".";
      break;
    }
  }
  return reply;
}

Result<SwotAnalysis> OfflineInterviewer::swot(const InterviewContext& context) {
  auto pairs = question_answer_pairs(context);
  std::string answers;
  for (const auto& [q, a] : pairs) answers += a + "\n";
  Coverage c = coverage(profile_, context.resume_text + "\n" + answers);

  std::vector<Topic> all_topics = c.focus;
  for (const auto& t : tech_catalog()) all_topics.push_back(t);
  std::vector<std::string> detailed_topics;
  std::size_t brief = 0, unanswered = 0;
  for (const auto& [q, a] : pairs) {
    std::size_t words = text::word_count(a);
    if (words == 0) ++unanswered;
    else if (words < kShortAnswerWords) ++brief;
    else if (words >= kDetailedAnswerWords) {
      std::string topic = topic_of_question(q, all_topics);
      if (std::find(detailed_topics.begin(), detailed_topics.end(), topic) == detailed_topics.end()) {
        detailed_topics.push_back(topic);
      }
    }
  }
  const std::size_t answered = pairs.size();

  SwotAnalysis s;
  s.provider = kProvider;
  s.model = kModel;
  if (!c.focus_shown.empty()) {
    s.strengths.push_back("Shows experience with the role's focus technologies: " +
                          join(names(c.focus_shown)) + ".");
  }
  if (!c.extra_shown.empty()) {
    s.strengths.push_back("Broader toolset beyond the focus: " + join(names(c.extra_shown)) + ".");
  }
  if (!detailed_topics.empty()) {
    s.strengths.push_back("Gave detailed, well-developed answers on " + join(detailed_topics) + ".");
  }
  if (s.strengths.empty()) {
    s.strengths.push_back("No clear strengths could be established from the resume and answers.");
  }

  if (brief > 0) {
    s.weaknesses.push_back(std::to_string(brief) + " of " + std::to_string(answered) +
                           " answers were very brief, leaving that experience unverified.");
  }
  if (unanswered > 0) {
    s.weaknesses.push_back(std::to_string(unanswered) + " questions were left unanswered.");
  }
  if (!c.focus_missing.empty()) {
    s.weaknesses.push_back("No evidence of experience with " + join(names(c.focus_missing)) + ".");
  }
  if (s.weaknesses.empty()) {
    s.weaknesses.push_back("No significant weaknesses stood out in this short interview.");
  }

  if (!c.focus_missing.empty()) {
    s.opportunities.push_back("Hands-on experience with " + join(names(c.focus_missing)) +
                              " would match the " + profile_.role + " role more closely.");
  }
  if (!c.extra_shown.empty()) {
    s.opportunities.push_back("Experience with " + join(names(c.extra_shown)) +
                              " could add value beyond the role's core stack.");
  }
  if (!c.focus.empty() && c.focus_shown.size() * 2 >= c.focus.size()) {
    s.opportunities.push_back("Solid overlap with the role's stack (" +
                              std::to_string(c.focus_shown.size()) + " of " +
                              std::to_string(c.focus.size()) +
                              " focus technologies) allows a quick start.");
  }
  if (s.opportunities.empty()) {
    s.opportunities.push_back("A follow-up technical conversation could explore the "
                              "candidate's experience in more depth.");
  }

  if (!c.focus.empty() && c.focus_missing.size() * 2 > c.focus.size()) {
    s.threats.push_back("Gaps in most of the core stack (" + std::to_string(c.focus_missing.size()) +
                        " of " + std::to_string(c.focus.size()) +
                        " focus technologies not shown) may slow onboarding.");
  }
  if (answered == 0) {
    s.threats.push_back("No answers were recorded; this assessment rests on the resume alone.");
  } else if ((brief + unanswered) * 2 >= answered) {
    s.threats.push_back("Limited depth in the answers makes hands-on experience hard to verify.");
  }
  if (s.threats.empty()) {
    s.threats.push_back("Competition for " + profile_.role +
                        " roles is strong; depth in the core stack will need to be shown in "
                        "later rounds.");
  }
  return s;
}

}  // namespace interview::llm
