// State survives a restart; SIGTERM shuts down cleanly even with a request in
// flight; a store that cannot write answers 503 and keeps nothing half-written.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <future>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview::testing;

TEST_CASE("durability: a restart on the same DATA_DIR keeps every candidate, session and queue position") {
  TempDir dir("it-restart");
  std::map<std::string, std::string> env{{"DATA_DIR", dir.path()}, {"SESSION_LIMIT", "1"}};
  std::vector<std::string> ids;
  std::vector<nlohmann::json> before;
  {
    ServerProcess server(env);
    auto c = server.client();
    for (int i = 0; i < 4; ++i) ids.push_back(new_user(c));
    for (auto& id : ids) post_json(c, "/users/join", R"({"user_id":")" + id + R"("})");
    for (auto& id : ids) before.push_back(get(c, "/status/" + id).body);
    CHECK(server.terminate() == 0);
  }
  ServerProcess again(env);
  auto c = again.client();
  // The estimated wait (issue 12) moves with the clock: everything else is kept as it was.
  auto kept = [](nlohmann::json body) {
    body.erase("estimated_wait_seconds");
    return body;
  };
  for (size_t i = 0; i < ids.size(); ++i) CHECK(kept(get(c, "/status/" + ids[i]).body) == kept(before[i]));
  CHECK(before[0]["status"] == "in_session");
  CHECK(before[3]["queue_number"] == 3);
  auto left = post_empty(c, "/users/" + ids[0] + "/exit");
  CHECK(left.body["promoted"] == ids[1]);
}

TEST_CASE("durability: a locked store answers 503 with detail and stores nothing; SIGTERM lets the request finish") {
  TempDir dir("it-locked");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"STORE_BUSY_TIMEOUT_MS", "300"}});
  auto c = server.client();
  std::string db = dir.path() + "/interview.db";
  REQUIRE(get(c, "/health").status == 200);

  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto in_flight = std::async(std::launch::async, [&] {
    auto cl = server.client();
    return create_user(cl);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int exit_code_holder = -2;
  auto stopper = std::async(std::launch::async, [&] { exit_code_holder = server.terminate(); });
  auto r = in_flight.get();
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  stopper.get();
  CHECK(r.status == 503);
  CHECK(r.body["detail"].get<std::string>().find("store") != std::string::npos);
  CHECK(r.body["message"] == r.body["detail"]);
  CHECK(exit_code_holder == 0);
  CHECK(count_documents(db, "users") == 0);
}

TEST_CASE("start-up: an invalid setting stops the server with a message naming it") {
  TempDir dir("it-badconfig");
  std::string message;
  try {
    ServerProcess server({{"DATA_DIR", dir.path()}, {"SESSION_LIMIT", "many"}});
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find("exited at start") != std::string::npos);
  CHECK(message.find("SESSION_LIMIT") != std::string::npos);
}
