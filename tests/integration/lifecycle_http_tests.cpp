// The candidate lifecycle through the real binary: create, place, poll, leave,
// expire — as the frontend and Cloud Tasks drive it.
#include <doctest/doctest.h>

#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/integration/store_under_test.hpp"

using namespace interview::testing;

namespace {

Reply status_of(httplib::Client& c, const std::string& id) { return get(c, "/status/" + id); }

void wait_for_status(httplib::Client& c, const std::string& id, const std::string& want, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = status_of(c, id);
    last = r.raw;
    if (r.status == 200 && r.body["status"] == want) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("status of " << id << " never became " << want << "; last: " << last);
}

// POST `path` makes `who` leave; the answer names them and whom their leaving
// promoted (null: nobody).
void check_exit(httplib::Client& c, const std::string& path, const std::string& who, const nlohmann::json& promoted) {
  auto left = post_empty(c, path);
  CHECK(left.status == 200);
  CHECK(left.body == nlohmann::json{{"exited", who}, {"promoted", promoted}});
}

}  // namespace

TEST_CASE("lifecycle: banner and health answer") {
  StoreUnderTest dir("it-banner");
  ServerProcess server(dir.env({}));
  auto c = server.client();
  auto banner = get(c, "/");
  CHECK(banner.status == 200);
  CHECK(banner.body["health"] == "/health");
  CHECK(banner.body.contains("version"));
  for (const char* path : {"/health", "/health/"}) {
    auto h = get(c, path);
    CHECK(h.status == 200);
    CHECK(h.body["firestore"] == "healthy");
    CHECK(h.body["storage"] == "healthy");
    CHECK(h.body["store"] == (dir.firestore() ? "firestore" : "sqlite"));
  }
}

TEST_CASE("lifecycle: created candidates fill the slots, then wait in a fair queue with live positions") {
  StoreUnderTest dir("it-flow");
  ServerProcess server(dir.env({{"SESSION_LIMIT", "2"}}));
  auto c = server.client();

  auto created = create_user(c);
  REQUIRE(created.status == 200);
  CHECK(created.body["status"] == "idle");
  CHECK(created.body["queue_number"] == 0);
  CHECK(created.body["message"] == "User created and enqueued for join");
  std::string a = created.body["user_id"];
  CHECK(a.size() == 32);
  // The embedded default keeps the file in DATA_DIR/resumes (tests/integration/resume_files_http_tests.cpp).
  CHECK(created.body["resume_path"] == "resumes/" + a + ".txt");

  std::string b = new_user(c), w1 = new_user(c), w2 = new_user(c);
  // The in-process task queue places each candidate right after creation.
  wait_for_status(c, w2, "waiting", 5);
  CHECK(status_of(c, a).body["status"] == "in_session");
  CHECK(status_of(c, b).body["status"] == "in_session");
  CHECK(status_of(c, w1).body["queue_number"] == 1);
  CHECK(status_of(c, w2).body["queue_number"] == 2);

  SUBCASE("join is idempotent: the current state, never a second placement") {
    auto again = post_json(c, "/users/join", R"({"user_id":")" + a + R"("})");
    CHECK(again.status == 200);
    CHECK(again.body == nlohmann::json{{"user_id", a}, {"status", "in_session"}, {"queue_number", 0}});
    auto waiting = post_json(c, "/users/join/", R"({"user_id":")" + w2 + R"("})");
    CHECK(waiting.body["status"] == "waiting");
    CHECK(waiting.body["queue_number"] == 2);
    // The wire says "waiting"; the stored document keeps the old backend's word.
    CHECK(dir.get("users", w2)->fields["status"] == "pending");
    CHECK(status_of(c, w1).body["queue_number"] == 1);
  }

  SUBCASE("leaving a session promotes the oldest waiting candidate in the same step") {
    check_exit(c, "/users/" + a + "/exit", a, w1);
    CHECK(status_of(c, w1).body["status"] == "in_session");
    CHECK(status_of(c, w2).body["queue_number"] == 1);
    CHECK(status_of(c, a).body["status"] == "session_over");

    SUBCASE("a candidate whose session is over is never placed again") {
      auto rejoin = post_json(c, "/users/join", R"({"user_id":")" + a + R"("})");
      CHECK(rejoin.status == 200);
      CHECK(rejoin.body["status"] == "session_over");
      CHECK(rejoin.body["queue_number"] == 0);
      CHECK(status_of(c, w2).body["status"] == "waiting");
    }
  }

  SUBCASE("a waiting candidate who leaves is removed and promotes nobody") {
    check_exit(c, "/users/" + w1 + "/exit/", w1, nullptr);
    CHECK(status_of(c, w1).body["status"] == "idle");
    CHECK(status_of(c, w2).body["queue_number"] == 1);
    CHECK(status_of(c, a).body["status"] == "in_session");
    CHECK(status_of(c, b).body["status"] == "in_session");
    CHECK(dir.count("in_session") == 2);
  }

  SUBCASE("leaving twice changes nothing the second time") {
    CHECK(post_empty(c, "/users/" + b + "/exit").body["promoted"] == w1);
    auto again = post_empty(c, "/users/" + b + "/exit");
    CHECK(again.status == 200);
    CHECK(again.body["promoted"].is_null());
    CHECK(status_of(c, w2).body["queue_number"] == 1);
  }
}

TEST_CASE("lifecycle: the janitor expires sessions and promotes the next candidate") {
  StoreUnderTest dir("it-expiry");
  ServerProcess server(dir.env({{"SESSION_LIMIT", "1"}, {"SESSION_SECONDS", "1"},
                        {"CLEANUP_INTERVAL_SECONDS", "1"}}));
  auto c = server.client();
  std::string first = new_user(c), second = new_user(c);
  wait_for_status(c, second, "waiting", 5);
  CHECK(status_of(c, first).body["status"] == "in_session");
  // The interview's clock starts at the candidate's first /interview/start (issue 12).
  auto start = [&](const std::string& id) {
    REQUIRE(post_json(c, "/interview/start", R"({"user_id":")" + id + R"("})").status == 200);
  };
  start(first);
  wait_for_status(c, first, "session_over", 10);
  wait_for_status(c, second, "in_session", 5);
  start(second);
  wait_for_status(c, second, "session_over", 10);
  CHECK(dir.count("in_session") == 0);
  CHECK(dir.count("queue") == 0);
}

TEST_CASE("lifecycle: unknown users are 404 on every route") {
  StoreUnderTest dir("it-unknown");
  ServerProcess server(dir.env({}));
  auto c = server.client();
  std::string nobody(32, 'a');
  for (auto r : {get(c, "/status/" + nobody), post_json(c, "/users/join", R"({"user_id":")" + nobody + R"("})"),
                 post_empty(c, "/users/" + nobody + "/exit")}) {
    CHECK(r.status == 404);
    CHECK(r.body["detail"] == "User not found");
    CHECK(r.body["message"] == "User not found");
  }
}

TEST_CASE("lifecycle: CORS preflight and responses for allowed origins only") {
  StoreUnderTest dir("it-cors");
  ServerProcess server(dir.env({{"CORS_ORIGINS", "http://localhost:5173, https://app.example.com"}}));
  auto c = server.client();
  httplib::Headers pre{{"Origin", "https://app.example.com"},
                       {"Access-Control-Request-Method", "POST"},
                       {"Access-Control-Request-Headers", "content-type"}};
  auto ok = c.Options("/users/", pre);
  REQUIRE(ok);
  CHECK(ok->status < 300);
  CHECK(ok->get_header_value("Access-Control-Allow-Origin") == "https://app.example.com");
  CHECK(ok->get_header_value("Access-Control-Allow-Credentials") == "true");
  CHECK(ok->get_header_value("Access-Control-Allow-Methods").find("POST") != std::string::npos);
  CHECK(ok->get_header_value("Access-Control-Allow-Headers").find("content-type") != std::string::npos);
  CHECK(ok->get_header_value_count("Access-Control-Allow-Origin") == 1);

  httplib::Headers evil_pre{{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "POST"}};
  auto denied = c.Options("/users/", evil_pre);
  REQUIRE(denied);
  CHECK_FALSE(denied->has_header("Access-Control-Allow-Origin"));

  auto simple = c.Get("/health", httplib::Headers{{"Origin", "http://localhost:5173"}});
  REQUIRE(simple);
  CHECK(simple->get_header_value("Access-Control-Allow-Origin") == "http://localhost:5173");
  auto missing = c.Get("/nowhere", httplib::Headers{{"Origin", "http://localhost:5173"}});
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Access-Control-Allow-Origin") == "http://localhost:5173");
  auto other = c.Get("/health", httplib::Headers{{"Origin", "https://evil.example.com"}});
  REQUIRE(other);
  CHECK_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("lifecycle: candidates written by the old backend join, are polled and are interviewed") {
  StoreUnderTest dir("it-legacy");
  // Documents exactly as the Python backend wrote them (no fields of ours).
  auto ts = [](int s) { return interview::store::timestamp_value(interview::store::now_micros() - std::chrono::seconds(s)); };
  auto legacy_user = [&](const std::string& id, const std::string& status) {
    return nlohmann::json{{"user_id", id},       {"first_name", "Old"},         {"last_name", "Timer"},
                          {"email", "o@t.io"},   {"phone", "1"},                {"resume_path", nullptr},
                          {"resume_bucket", nullptr}, {"resume_text", "Django and React on Google Cloud."},
                          {"status", status},    {"created_at", ts(600)},       {"updated_at", ts(600)},
                          {"interview_history", nlohmann::json::array()}};
  };
  std::string placed(32, '1'), waiting(32, '2'), fresh(32, '3');
  dir.write("users", placed, legacy_user(placed, "in_session"));
  dir.write("in_session", placed, {{"user_id", placed}, {"start_time", ts(10)}, {"expiry_time", ts(-290)},
                                   {"status", "in_session"}, {"created_at", ts(10)}});
  dir.write("users", waiting, legacy_user(waiting, "pending"));
  dir.write("queue", waiting, {{"user_id", waiting}, {"created_at", ts(5)}, {"status", "pending"}});
  dir.write("users", fresh, legacy_user(fresh, "idle"));

  ServerProcess server(dir.env({{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  CHECK(status_of(c, placed).body["status"] == "in_session");
  CHECK(status_of(c, waiting).body["queue_number"] == 1);
  auto joined = post_json(c, "/users/join", R"({"user_id":")" + fresh + R"("})");
  CHECK(joined.body["status"] == "waiting");
  CHECK(joined.body["queue_number"] == 2);
  auto first = post_json(c, "/interview/start", R"({"user_id":")" + placed + R"("})");
  REQUIRE_MESSAGE(first.status == 200, first.raw);
  CHECK_FALSE(first.body["next_question"].get<std::string>().empty());
  CHECK(first.body["time_remaining"].get<int>() > 200);
  auto left = post_empty(c, "/users/" + placed + "/exit");
  CHECK(left.body["promoted"] == waiting);
  CHECK(status_of(c, fresh).body["queue_number"] == 1);
}
