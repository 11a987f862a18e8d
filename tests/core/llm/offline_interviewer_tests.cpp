#include <doctest/doctest.h>

#include <set>

#include "core/llm/offline_interviewer.hpp"
#include "core/llm/reply_parser.hpp"
#include "core/llm/tech_catalog.hpp"

using namespace interview::llm;

namespace {
const char* kResume =
    "Jane Doe - Software Engineer. Built dashboards with React and Next.js, REST APIs with "
    "FastAPI, deployed on Cloud Run. Some Docker.";

// Plays a whole interview, answering every question with `answer`.
InterviewContext play(OfflineInterviewer& bot, int turns, const std::string& answer) {
  InterviewContext ctx;
  ctx.candidate_name = "Jane Doe";
  ctx.resume_text = kResume;
  auto first = bot.opening(ctx);
  REQUIRE(first.ok());
  ctx.history.push_back({"bot", first->bot_response, first->next_question});
  for (int i = 0; i < turns; ++i) {
    ctx.last_answer = answer;
    ctx.history.push_back({"user", answer, ""});
    auto next = bot.next_turn(ctx);
    REQUIRE(next.ok());
    ctx.history.push_back({"bot", next->bot_response, next->next_question});
  }
  return ctx;
}

std::string topic_of(const std::string& question) {
  for (const auto& t : tech_catalog()) {
    for (const auto& q : t.questions) {
      if (q == question) return t.name;
    }
  }
  return "other";
}
}  // namespace

TEST_CASE("labelled as offline and greets the candidate") {
  OfflineInterviewer bot;
  InterviewContext ctx;
  ctx.candidate_name = "Jane Doe";
  ctx.resume_text = kResume;
  auto t = bot.opening(ctx);
  REQUIRE(t.ok());
  CHECK(t->provider == "offline");
  CHECK(t->model == "rule-based-v1");
  CHECK(t->bot_response.find("Jane") != std::string::npos);
  CHECK(t->bot_response.find("offline") != std::string::npos);
  CHECK(is_question_like(t->next_question));
}

TEST_CASE("first questions cover the focus technologies found in the resume") {
  OfflineInterviewer bot;
  auto ctx = play(bot, 3, "I used it a lot in production for two years with a team of five people.");
  std::set<std::string> topics;
  for (const auto& e : ctx.history) {
    if (e.role == "bot") topics.insert(topic_of(e.question));
  }
  CHECK(topics.count("Next.js") == 1);
  CHECK(topics.count("React") == 1);
  CHECK(topics.count("FastAPI") == 1);
  CHECK(topics.count("Google Cloud") == 1);  // via Cloud Run
  CHECK(topics.count("Django") == 0);        // not in the resume: asked later, if at all
}

TEST_CASE("never repeats a question, even after the bank runs out") {
  OfflineInterviewer bot;
  auto ctx = play(bot, 60, "Some answer.");
  std::set<std::string> seen;
  for (const auto& e : ctx.history) {
    if (e.role != "bot") continue;
    CHECK_FALSE(e.question.empty());
    CHECK(seen.insert(e.question).second);
  }
  CHECK(seen.size() == 61);
}

TEST_CASE("deterministic given its input") {
  OfflineInterviewer a, b;
  auto x = play(a, 5, "An answer of medium length about my React work and the choices we made.");
  auto y = play(b, 5, "An answer of medium length about my React work and the choices we made.");
  REQUIRE(x.history.size() == y.history.size());
  for (std::size_t i = 0; i < x.history.size(); ++i) {
    CHECK(x.history[i].message == y.history[i].message);
    CHECK(x.history[i].question == y.history[i].question);
  }
}

TEST_CASE("follows up on a technology the last answer brought up") {
  OfflineInterviewer bot;
  InterviewContext ctx;
  ctx.resume_text = "Backend developer with Flask.";
  ctx.history = {{"bot", "Hi", tech_catalog()[3].questions[0]}};  // a Flask question
  ctx.last_answer = "We later moved that service to Kubernetes and it changed how we deployed.";
  auto t = bot.next_turn(ctx);
  REQUIRE(t.ok());
  CHECK(topic_of(t->next_question) == "Kubernetes");
}

TEST_CASE("acknowledgement varies with the answer") {
  OfflineInterviewer bot;
  InterviewContext ctx;
  ctx.resume_text = kResume;
  ctx.last_answer = "";
  auto empty = bot.next_turn(ctx)->bot_response;
  ctx.last_answer = "I don't know.";
  auto unsure = bot.next_turn(ctx)->bot_response;
  ctx.last_answer = "Yes.";
  auto brief = bot.next_turn(ctx)->bot_response;
  ctx.last_answer = std::string(
      "We split the React front end into feature modules, moved data fetching into hooks, added "
      "caching at the API layer, measured renders with the profiler, removed needless re-renders "
      "with memoisation and finally moved the heavy pages to server rendering so that the first "
      "paint got much faster for users on slow connections.");
  auto detailed = bot.next_turn(ctx)->bot_response;
  std::set<std::string> distinct{empty, unsure, brief, detailed};
  CHECK(distinct.size() == 4);
  CHECK(detailed.find("React") != std::string::npos);
}

TEST_CASE("SWOT reflects the resume and the answers") {
  OfflineInterviewer bot;
  auto terse = play(bot, 4, "Yes.");
  auto s = bot.swot(terse);
  REQUIRE(s.ok());
  CHECK(s->provider == "offline");
  CHECK_FALSE(s->fallback);
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += x + "\n";
    return out;
  };
  CHECK(joined(s->strengths).find("React") != std::string::npos);
  CHECK(joined(s->strengths).find("Docker") != std::string::npos);
  CHECK(joined(s->weaknesses).find("very brief") != std::string::npos);
  CHECK(joined(s->weaknesses).find("Django") != std::string::npos);  // focus, never mentioned
  CHECK(joined(s->weaknesses).find("Flask") != std::string::npos);
  CHECK(joined(s->opportunities).find("Django") != std::string::npos);
  CHECK_FALSE(s->threats.empty());

  auto rich = play(bot, 3, std::string(60, 'x') + " " +
                               "I designed the Django models, wrote migrations, tuned queries, added caching, "
                               "reviewed code, mentored two juniors, and automated deployments with "
                               "a pipeline that ran tests, built images and rolled out gradually with "
                               "health checks and quick rollbacks when errors rose.");
  auto r = bot.swot(rich);
  REQUIRE(r.ok());
  CHECK(joined(r->strengths).find("detailed") != std::string::npos);
  CHECK(joined(r->weaknesses).find("Django") == std::string::npos);  // shown in the answers
  CHECK(joined(r->weaknesses).find("very brief") == std::string::npos);
}

TEST_CASE("custom role without catalog entries uses templated questions") {
  InterviewProfile p;
  p.role = "Embedded Engineer";
  p.focus = {"Zephyr RTOS"};
  OfflineInterviewer bot(p);
  InterviewContext ctx;
  ctx.resume_text = "Firmware on Zephyr RTOS for sensors.";
  auto t = bot.opening(ctx);
  REQUIRE(t.ok());
  CHECK(t->next_question.find("Zephyr RTOS") != std::string::npos);
  CHECK(t->bot_response.find("Embedded Engineer") != std::string::npos);
}
