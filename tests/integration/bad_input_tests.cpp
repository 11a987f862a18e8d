// Bad input gets a clear 4xx JSON error (detail and message) and changes
// nothing in the store.
#include <doctest/doctest.h>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/integration/store_under_test.hpp"

using namespace interview::testing;

namespace {

void check_error(const Reply& r, int status) {
  CHECK_MESSAGE(r.status == status, r.raw);
  REQUIRE_MESSAGE(r.body.is_object(), r.raw);
  CHECK(r.body["detail"].is_string());
  CHECK_FALSE(r.body["detail"].get<std::string>().empty());
  CHECK(r.body["message"] == r.body["detail"]);
}

struct Snapshot {
  int users, queue, sessions;
  bool operator==(const Snapshot& o) const { return users == o.users && queue == o.queue && sessions == o.sessions; }
};

Snapshot snapshot(const StoreUnderTest& store) {
  return {store.count("users"), store.count("queue"), store.count("in_session")};
}

}  // namespace

TEST_CASE("bad input: every malformed request is a 4xx JSON error and stores nothing") {
  StoreUnderTest dir("it-bad");
  ServerProcess server(dir.env({{"SESSION_LIMIT", "1"}, {"RESUME_MAX_BYTES", "20000"}}));
  auto c = server.client();
  std::string placed = new_user(c), waiting = new_user(c);
  // Settle the asynchronous joins that creation enqueued.
  for (const auto& id : {placed, waiting}) post_json(c, "/users/join", R"({"user_id":")" + id + R"("})");
  auto before = snapshot(dir);

  SUBCASE("join bodies") {
    check_error(post_json(c, "/users/join", "{not json"), 400);
    check_error(post_json(c, "/users/join", ""), 400);
    check_error(post_json(c, "/users/join", "[1,2]"), 400);
    check_error(post_json(c, "/users/join", "{}"), 422);
    check_error(post_json(c, "/users/join", R"({"user_id": 42})"), 422);
    check_error(post_json(c, "/users/join", R"({"user_id": ""})"), 422);
    check_error(post_json(c, "/users/join", R"({"user_id": null})"), 422);
    check_error(post_json(c, "/users/join", R"({"user_id": "not-hex"})"), 400);
    check_error(post_json(c, "/users/join", R"({"user_id": "ABCDEFABCDEFABCDEFABCDEFABCDEFAB"})"), 400);
    check_error(post_json(c, "/users/join", "\"\xff\xfe\""), 400);
  }

  SUBCASE("ids in paths") {
    check_error(get(c, "/status/xyz"), 400);
    check_error(get(c, "/status/" + std::string(33, 'a')), 400);
    check_error(get(c, "/status/%27%20OR%201%3D1"), 400);
    check_error(post_empty(c, "/users/zzzz/exit"), 400);
    check_error(get(c, "/status/" + std::string(32, 'b')), 404);
  }

  SUBCASE("candidate forms") {
    Candidate ok;
    auto without = [&](const std::string& field) {
      auto items = form_of(ok);
      httplib::MultipartFormDataItems kept;
      for (auto& i : items)
        if (i.name != field) kept.push_back(i);
      return to_reply(c.Post("/users/", kept));
    };
    for (const char* f : {"first_name", "last_name", "email", "phone", "resume"}) check_error(without(f), 422);
    Candidate blank = ok;
    blank.first_name = "   ";
    check_error(create_user(c, blank), 422);
    for (const char* email : {"not-an-email", "a@b", "@example.com", "a b@example.com", "a@@example.com", "a@example."}) {
      Candidate bad = ok;
      bad.email = email;
      check_error(create_user(c, bad), 422);
    }
    Candidate long_name = ok;
    long_name.last_name = std::string(1000, 'x');
    check_error(create_user(c, long_name), 422);
    Candidate empty_resume = ok;
    empty_resume.resume = "";
    check_error(create_user(c, empty_resume), 400);
    Candidate binary = ok;
    binary.resume = std::string("\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00", 12) + std::string(200, '\0');
    check_error(create_user(c, binary), 422);
    check_error(post_json(c, "/users/", R"({"first_name":"Ada"})"), 400);
  }

  SUBCASE("oversized bodies") {
    Candidate big;
    big.resume = std::string(30000, 'a');
    check_error(create_user(c, big), 413);
    auto huge = to_reply(c.Post("/users/join", std::string(3 * 1024 * 1024, ' '), "application/json"));
    check_error(huge, 413);
  }

  SUBCASE("wrong methods and unknown routes") {
    check_error(to_reply(c.Get("/users/join")), 405);
    check_error(to_reply(c.Delete("/users/")), 405);
    check_error(to_reply(c.Put("/status/" + placed, "", "application/json")), 405);
    check_error(to_reply(c.Post("/health", "", "application/json")), 405);
    check_error(get(c, "/no/such/route"), 404);
  }

  CHECK(snapshot(dir) == before);
  CHECK(get(c, "/status/" + placed).body["status"] == "in_session");
  CHECK(get(c, "/status/" + waiting).body["queue_number"] == 1);
}
