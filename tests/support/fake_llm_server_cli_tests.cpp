// The standalone fake-llm-server: starts on a free port, prints it, answers
// a Gemini call with a schema-valid reply, and stops on SIGTERM.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/llm/prompts.hpp"
#include "gcp/gemini/gemini_client.hpp"

TEST_CASE("fake-llm-server runs standalone and answers in Gemini format") {
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(FAKE_LLM_SERVER_BIN, FAKE_LLM_SERVER_BIN, "--port", "0", "--mode", "gemini",
          "--api-key", "cli-key-0123456789", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[256] = {0};
  REQUIRE(fgets(line, sizeof line, stream) != nullptr);
  std::string first(line);
  auto colon = first.find("127.0.0.1:");
  REQUIRE(colon != std::string::npos);
  int port = std::stoi(first.substr(colon + 10));
  CHECK(port > 0);

  using namespace interview;
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  gemini::GeminiClient client({"cli-key-0123456789", "gemini-flash-latest", base,
                               std::chrono::milliseconds(5000)});
  llm::InterviewContext ctx;
  auto r = client.generate(llm::build_opening_request(llm::InterviewProfile{}, ctx));
  REQUIRE(r.ok());
  auto reply = nlohmann::json::parse(r->text);
  CHECK(reply["next_question"].is_string());

  gemini::GeminiClient wrong_key({"nope", "gemini-flash-latest", base, std::chrono::milliseconds(5000)});
  auto rejected = wrong_key.generate(llm::build_opening_request(llm::InterviewProfile{}, ctx));
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.error().kind == ErrorKind::internal);

  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  fclose(stream);
}
