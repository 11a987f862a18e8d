#include "tests/integration/http_helpers.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <sqlite3.h>

namespace interview::testing {

Reply to_reply(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  return out;
}

Reply get(httplib::Client& c, const std::string& path) { return to_reply(c.Get(path.c_str())); }

Reply post_json(httplib::Client& c, const std::string& path, const std::string& body) {
  return to_reply(c.Post(path.c_str(), body, "application/json"));
}

Reply post_empty(httplib::Client& c, const std::string& path) {
  return to_reply(c.Post(path.c_str(), "", "application/json"));
}

httplib::MultipartFormDataItems form_of(const Candidate& c) {
  return {{"first_name", c.first_name, "", ""},
          {"last_name", c.last_name, "", ""},
          {"email", c.email, "", ""},
          {"phone", c.phone, "", ""},
          {"resume", c.resume, c.resume_filename, "application/octet-stream"}};
}

Reply create_user(httplib::Client& c, const Candidate& candidate) {
  return to_reply(c.Post("/users/", form_of(candidate)));
}

std::string new_user(httplib::Client& c, const Candidate& candidate) {
  auto r = create_user(c, candidate);
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  return r.body["user_id"].get<std::string>();
}

std::string seated_user(httplib::Client& c, const Candidate& candidate) {
  std::string id = new_user(c, candidate);
  REQUIRE(post_json(c, "/users/join", nlohmann::json{{"user_id", id}}.dump()).body["status"] == "in_session");
  return id;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string resume_fixture(const std::string& name) { return read_file(std::string(RESUME_FIXTURES_DIR) + "/" + name); }

int count_documents(const std::string& db_path, const std::string& collection) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM documents WHERE collection = ?1", -1, &s, nullptr) == SQLITE_OK);
  sqlite3_bind_text(s, 1, collection.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  int n = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

nlohmann::json status_body(httplib::Client& c, const std::string& id) { return get(c, "/status/" + id).body; }

std::string placed_user(httplib::Client& c) {
  std::string id = new_user(c);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    auto s = status_body(c, id)["status"];
    if (s == "waiting" || s == "in_session") return id;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("candidate " << id << " was never placed: " << status_body(c, id).dump());
  return id;
}

}  // namespace interview::testing
