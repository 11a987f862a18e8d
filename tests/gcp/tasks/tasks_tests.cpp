// Cloud Tasks: the tasks.create request (path, body, base64 payload, OIDC
// token) and retry/failure behaviour, against a local server.
#include <doctest/doctest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "gcp/auth/base64.hpp"
#include "gcp/auth/token_source.hpp"
#include "app/settings.hpp"
#include "gcp/tasks/cloud_tasks_queue.hpp"
#include "tests/support/scripted_server.hpp"

using namespace interview;
using namespace interview::gcp;
using namespace interview::testing;  // ScriptedServer, Reply, rpc_error
using nlohmann::json;

namespace {

CloudTasksConfig config_for(const ScriptedServer& server) {
  CloudTasksConfig c;
  c.project = "demo-project";
  c.location = "europe-west1";
  c.join_url = "https://interview-abc.a.run.app/users/join";
  c.service_account = "tasks-invoker@demo-project.iam.gserviceaccount.com";
  c.base_url = server.base_url();
  c.backoff_base = std::chrono::milliseconds(1);
  c.backoff_cap = std::chrono::milliseconds(5);
  return c;
}

Reply created() {
  return Reply(200, R"({"name":"projects/demo-project/locations/europe-west1/queues/interview-queue/tasks/123"})");
}

}  // namespace

TEST_CASE("cloud tasks: enqueue_join creates one HTTP task that posts the user id to /users/join") {
  ScriptedServer server;
  server.then(created());
  auto queue = make_cloud_tasks_queue(config_for(server), std::make_shared<StaticTokenSource>("ya29.tasks"));
  CHECK(queue->name() == "cloud-tasks");
  auto st = queue->enqueue_join("0123456789abcdef0123456789abcdef");
  REQUIRE(st.ok());

  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].path == "/v2/projects/demo-project/locations/europe-west1/queues/interview-queue/tasks");
  CHECK(reqs[0].header("Authorization") == "Bearer ya29.tasks");
  json body = json::parse(reqs[0].body);
  const auto& http = body["task"]["httpRequest"];
  CHECK(http["httpMethod"] == "POST");
  CHECK(http["url"] == "https://interview-abc.a.run.app/users/join");
  CHECK(http["headers"] == json{{"Content-Type", "application/json"}});
  CHECK(http["oidcToken"] == json{{"serviceAccountEmail", "tasks-invoker@demo-project.iam.gserviceaccount.com"}});
  auto payload = base64_decode(http["body"].get<std::string>());
  REQUIRE(payload.has_value());
  CHECK(json::parse(*payload) == json{{"user_id", "0123456789abcdef0123456789abcdef"}});
}

TEST_CASE("cloud tasks: an audience is sent only when configured; no service account, no OIDC") {
  ScriptedServer server;
  server.otherwise(created());
  auto with_audience = config_for(server);
  with_audience.audience = "https://interview-abc.a.run.app";
  REQUIRE(make_cloud_tasks_queue(with_audience, nullptr)->enqueue_join("u1").ok());
  auto without_account = config_for(server);
  without_account.service_account.clear();
  REQUIRE(make_cloud_tasks_queue(without_account, nullptr)->enqueue_join("u2").ok());
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(json::parse(reqs[0].body)["task"]["httpRequest"]["oidcToken"]["audience"] == "https://interview-abc.a.run.app");
  CHECK_FALSE(json::parse(reqs[1].body)["task"]["httpRequest"].contains("oidcToken"));
  CHECK(reqs[1].header("Authorization").empty());
}

TEST_CASE("cloud tasks: 5xx and 429 are retried with the same task, then succeed") {
  ScriptedServer server;
  server.then(rpc_error(503, "UNAVAILABLE", "try again"));
  server.then(rpc_error(429, "RESOURCE_EXHAUSTED", "quota"));
  server.then(created());
  auto queue = make_cloud_tasks_queue(config_for(server), nullptr);
  REQUIRE(queue->enqueue_join("u1").ok());
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0].body == reqs[2].body);
}

TEST_CASE("cloud tasks: persistent failure gives up after max_attempts as unavailable") {
  ScriptedServer server;
  server.otherwise(rpc_error(500, "INTERNAL", "boom"));
  auto config = config_for(server);
  config.max_attempts = 3;
  auto st = make_cloud_tasks_queue(config, nullptr)->enqueue_join("u1");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(st.error().message.find("INTERNAL") != std::string::npos);
  CHECK(st.error().message.find("u1") != std::string::npos);
  CHECK(server.requests().size() == 3);
}

TEST_CASE("cloud tasks: a client error is final and does not leak the token") {
  ScriptedServer server;
  server.otherwise(rpc_error(404, "NOT_FOUND", "Queue does not exist"));
  auto st = make_cloud_tasks_queue(config_for(server), std::make_shared<StaticTokenSource>("ya29.secret"))
                ->enqueue_join("u1");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("Queue does not exist") != std::string::npos);
  CHECK(st.error().message.find("ya29") == std::string::npos);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("cloud tasks: an unreachable endpoint is an error value after retries") {
  int port;
  {
    ScriptedServer gone;
    port = std::stoi(gone.host_port().substr(gone.host_port().rfind(':') + 1));
  }
  CloudTasksConfig c;
  c.project = "p";
  c.join_url = "http://127.0.0.1/users/join";
  c.base_url = "http://127.0.0.1:" + std::to_string(port);
  c.max_attempts = 2;
  c.backoff_base = std::chrono::milliseconds(1);
  auto st = make_cloud_tasks_queue(c, nullptr)->enqueue_join("u1");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
}

TEST_CASE("cloud tasks: configuration comes from the environment with defaults") {
  ::setenv("GOOGLE_CLOUD_PROJECT", "env-project", 1);
  ::unsetenv("TASKS_PROJECT");
  ::unsetenv("TASKS_QUEUE");
  ::setenv("TASKS_LOCATION", "asia-south1", 1);
  ::setenv("TASKS_JOIN_URL", "https://x.run.app/users/join", 1);
  auto c = load_cloud_tasks_config(process_env());
  REQUIRE(c.ok());
  CHECK(c->queue_name() == "projects/env-project/locations/asia-south1/queues/interview-queue");
  CHECK(c->base_url == "https://cloudtasks.googleapis.com");
  ::unsetenv("TASKS_JOIN_URL");
  CHECK_FALSE(load_cloud_tasks_config(process_env()).ok());
  ::unsetenv("GOOGLE_CLOUD_PROJECT");
  ::unsetenv("TASKS_LOCATION");
}
