#include <doctest/doctest.h>

#include "app/provider_factory.hpp"
#include "app/settings.hpp"
#include "core/llm/llm_config.hpp"
#include "tests/support/fake_env.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview;
using namespace interview::llm;
using interview::testing::env_of;

TEST_CASE("defaults: offline without a key, gemini with one") {
  auto offline = load_llm_config(env_of({}));
  REQUIRE(offline.ok());
  CHECK(offline->provider == Provider::offline);
  CHECK(offline->profile.role == "Full Stack Cloud Engineer");
  CHECK(offline->profile.focus.size() == 6);
  CHECK(offline->retry_budget == std::chrono::milliseconds(12000));

  auto gemini = load_llm_config(env_of({{"GEMINI_API_KEY", "AIzaSyTESTKEY0123456789"}}));
  REQUIRE(gemini.ok());
  CHECK(gemini->provider == Provider::gemini);
  CHECK(gemini->gemini_model == "gemini-flash-latest");
  CHECK(gemini->gemini_base_url == "https://generativelanguage.googleapis.com");
}

TEST_CASE("values are read and validated") {
  auto c = load_llm_config(env_of({{"LLM_PROVIDER", "OpenAI"},
                                   {"OPENAI_BASE_URL", "http://127.0.0.1:8080/v1/"},
                                   {"OPENAI_MODEL", "llama3"},
                                   {"OPENAI_TIMEOUT_MS", "90000"},
                                   {"LLM_RETRY_BUDGET_MS", "0"},
                                   {"INTERVIEW_ROLE", "Data Engineer"},
                                   {"INTERVIEW_FOCUS", " Spark ,, Airflow "}}));
  REQUIRE(c.ok());
  CHECK(c->provider == Provider::openai);
  CHECK(c->openai_base_url == "http://127.0.0.1:8080/v1");
  CHECK(c->openai_timeout == std::chrono::milliseconds(90000));
  CHECK(c->retry_budget == std::chrono::milliseconds(0));
  CHECK(c->profile.role == "Data Engineer");
  CHECK(c->profile.focus == std::vector<std::string>{"Spark", "Airflow"});

  struct Bad { std::map<std::string, std::string> vars; const char* names; };
  for (const auto& bad : std::vector<Bad>{
           {{{"LLM_PROVIDER", "claude"}}, "LLM_PROVIDER"},
           {{{"LLM_PROVIDER", "gemini"}}, "GEMINI_API_KEY"},
           {{{"LLM_PROVIDER", "openai"}, {"OPENAI_MODEL", "x"}}, "OPENAI_BASE_URL"},
           {{{"GEMINI_TIMEOUT_MS", "fast"}}, "GEMINI_TIMEOUT_MS"},
           {{{"GEMINI_TIMEOUT_MS", "5"}}, "GEMINI_TIMEOUT_MS"},
           {{{"LLM_RETRY_BUDGET_MS", "-1"}}, "LLM_RETRY_BUDGET_MS"},
           {{{"GEMINI_BASE_URL", "ftp://x"}}, "GEMINI_BASE_URL"},
           {{{"INTERVIEW_FOCUS", ", ,"}}, "INTERVIEW_FOCUS"}}) {
    auto r = load_llm_config(env_of(bad.vars));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::bad_request);
    CHECK(r.error().message.find(bad.names) != std::string::npos);
  }
}

TEST_CASE("describe masks secrets") {
  auto c = load_llm_config(env_of({{"GEMINI_API_KEY", "AIzaSyTESTKEY0123456789"}}));
  REQUIRE(c.ok());
  auto line = c->describe();
  CHECK(line.find("AIzaSyTESTKEY0123456789") == std::string::npos);
  CHECK(line.find("***6789") != std::string::npos);
  CHECK(line.find("provider=gemini") != std::string::npos);
  CHECK(mask_secret("short") == "***");
  CHECK(mask_secret("") == "(unset)");
}

TEST_CASE("factory: offline interviewer, and gemini end to end through retries") {
  auto offline = make_interviewer(*load_llm_config(env_of({})));
  REQUIRE(offline.ok());
  auto t = (*offline)->opening(InterviewContext{});
  REQUIRE(t.ok());
  CHECK(t->provider == "offline");
  CHECK_FALSE(make_llm_client(*load_llm_config(env_of({}))).ok());

  interview::testing::FakeLlmServer server;
  server.push(interview::testing::canned::gemini_server_error(503));
  auto config = load_llm_config(env_of({{"GEMINI_API_KEY", "key-abcdefghijkl"},
                                        {"GEMINI_BASE_URL", server.base_url()}}));
  REQUIRE(config.ok());
  RetryHooks hooks;
  std::vector<std::chrono::milliseconds> sleeps;
  hooks.sleep = [&](std::chrono::milliseconds d) { sleeps.push_back(d); };
  auto bot = make_interviewer(*config, hooks);
  REQUIRE(bot.ok());
  auto turn = (*bot)->opening(InterviewContext{"Ada", "React", {}, ""});
  REQUIRE(turn.ok());
  CHECK(turn->provider == "gemini");
  CHECK_FALSE(turn->next_question.empty());
  CHECK(sleeps.size() == 1);  // one retry after the 503
  CHECK(server.request_count() == 2);
}
