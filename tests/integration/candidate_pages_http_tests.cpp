// The candidate pages for the hiring team (issue 14, items 3 and 5) through
// the real binary, on the embedded store and (http.firestore.candidate_pages)
// on the Firestore emulator, the files in the data folder: the token (401
// without it, as /stats), the list newest first, by status and paged, the
// record after an interview with the offline interviewer (transcript with who
// answered, SWOT, resume), downloads byte-identical with their type, bad ids
// and path tricks (404/400, nothing served), a file gone (404 with detail), a
// file deleted under retention and an old-backend document shown as they are;
// with the Cloud Storage stand-in: an old-backend object in the same bucket
// served, an object gone 404, a failing bucket 503 with detail.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/store/values.hpp"
#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/fake_gcs_server.hpp"
#include "tests/support/server_process.hpp"

using namespace interview;
using namespace interview::testing;
using nlohmann::json;

namespace {

const std::string kToken = "hiring-team-token-14";

httplib::Headers auth(const std::string& token = kToken) {
  if (token.empty()) return {};
  return {{"Authorization", "Bearer " + token}};
}

Reply admin_get(httplib::Client& c, const std::string& path, const std::string& token = kToken) {
  return to_reply(c.Get(path.c_str(), auth(token)));
}

std::map<std::string, std::string> pages_env(const StoreUnderTest& store, std::map<std::string, std::string> extra = {}) {
  extra.emplace("ADMIN_TOKEN", kToken);
  extra.emplace("LLM_PROVIDER", "offline");
  extra.emplace("LOG_LEVEL", "warn");
  extra.emplace("CREATE_LIMIT_PER_MINUTE", "0");
  return store.env(extra);
}

Candidate candidate_with(const std::string& first, const std::string& resume, const std::string& filename) {
  Candidate c;
  c.first_name = first;
  c.email = first + "@example.com";
  c.resume = resume;
  c.resume_filename = filename;
  return c;
}

std::vector<std::string> ids_of(const json& page) {
  std::vector<std::string> ids;
  for (const auto& item : page["candidates"]) ids.push_back(item["user_id"].get<std::string>());
  return ids;
}

json list(httplib::Client& c, const std::string& query = "") {
  auto r = admin_get(c, "/admin/api/candidates" + query);
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  return r.body;
}

json detail(httplib::Client& c, const std::string& id) {
  auto r = admin_get(c, "/admin/api/candidates/" + id);
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  return r.body;
}

std::string resume_file(const StoreUnderTest& store, const std::string& relative) {
  return store.data_dir() + "/" + relative;
}

// A users document as an old deployment (or the retention rule) left it.
store::Fields seeded_user(const std::string& id, store::TimePoint created, json extra) {
  json f = {{"user_id", id},
            {"first_name", "Grace"},
            {"last_name", "Hopper"},
            {"email", "grace@example.com"},
            {"phone", "555"},
            {"status", "session_over"},
            {"resume_text", "COBOL, compilers"},
            {"created_at", store::timestamp_value(created)},
            {"updated_at", store::timestamp_value(created)},
            {"interview_history", json::array()}};
  f.update(extra);
  return f;
}

// The store's query count (/stats): a page of the list is one query. Reading
// /stats may itself query (the wait estimate rereads the sessions at most once
// a second): read it more than a second after anything else, so its own cost
// is the same every time.
std::int64_t store_queries(httplib::Client& c) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  return admin_get(c, "/stats").body["store"]["queries"].get<std::int64_t>();
}

}  // namespace

TEST_CASE("candidate pages: without the token (or with a wrong one) every route answers the operators' 401") {
  StoreUnderTest store("it-cand-auth");
  ServerProcess server(pages_env(store));
  auto c = server.client();
  std::string id = new_user(c);
  auto stats = to_reply(c.Get("/stats", auth("wrong")));
  REQUIRE(stats.status == 401);
  for (const std::string& token : {std::string(), std::string("wrong"), kToken + "x"}) {
    for (const std::string& path : {std::string("/admin/api/candidates"), std::string("/admin/api/candidates?status=waiting"),
                                    "/admin/api/candidates/" + id, "/admin/api/candidates/" + id + "/resume"}) {
      auto res = c.Get(path.c_str(), auth(token));
      REQUIRE(res);
      CHECK_MESSAGE(res->status == 401, path);
      CHECK(res->get_header_value("WWW-Authenticate") == "Bearer");
      auto body = json::parse(res->body, nullptr, false);
      CHECK(body["detail"] == stats.body["detail"]);
      CHECK(body["message"] == body["detail"]);
      CHECK(res->body.find("Ada") == std::string::npos);  // nothing of the candidate
    }
  }
  CHECK(admin_get(c, "/admin/api/candidates/" + id).status == 200);
}

TEST_CASE("candidate list: newest first, by status (waiting is stored pending), paged by next_before") {
  StoreUnderTest store("it-cand-list");
  ServerProcess server(pages_env(store, {{"SESSION_LIMIT", "1"}}));
  auto c = server.client();
  std::vector<std::string> created;  // in creation order: the first in session, the others waiting
  for (int i = 0; i < 5; ++i) created.push_back(placed_user(c));
  // One waiting candidate removed from the queue: idle again.
  auto removed = to_reply(c.Delete(("/admin/api/queue/" + created[2]).c_str(), auth()));
  REQUIRE_MESSAGE(removed.status == 200, removed.raw);
  std::vector<std::string> newest_first(created.rbegin(), created.rend());

  auto all = list(c);
  CHECK(ids_of(all) == newest_first);
  CHECK(all["limit"] == 50);
  CHECK(all["next_before"].is_null());
  std::string previous;
  for (const auto& item : all["candidates"]) {
    auto at = item["created_at"].get<std::string>();
    CHECK(store::parse_rfc3339(at));
    if (!previous.empty()) CHECK(at < previous);
    previous = at;
    CHECK(item["first_name"] == "Ada");
    CHECK(item["resume_kept"] == true);
  }
  std::map<std::string, std::string> status_of;
  for (const auto& item : all["candidates"]) status_of[item["user_id"]] = item["status"];
  CHECK(status_of[created[0]] == "in_session");
  CHECK(status_of[created[1]] == "waiting");
  CHECK(status_of[created[2]] == "idle");

  std::vector<std::string> waiting = {created[4], created[3], created[1]};
  CHECK(ids_of(list(c, "?status=waiting")) == waiting);
  CHECK(ids_of(list(c, "?status=pending")) == waiting);
  CHECK(ids_of(list(c, "?status=in_session")) == std::vector<std::string>{created[0]});
  CHECK(ids_of(list(c, "?status=idle")) == std::vector<std::string>{created[2]});
  CHECK(ids_of(list(c, "?status=session_over")).empty());
  CHECK(ids_of(list(c, "?status=")) == newest_first);  // an empty filter is no filter

  SUBCASE("pages of two cover everyone once, in order; the last page has no next_before") {
    std::vector<std::string> seen;
    std::string query = "?limit=2";
    int pages = 0;
    for (;;) {
      auto page = list(c, query);
      ++pages;
      CHECK(page["limit"] == 2);
      CHECK(page["candidates"].size() <= 2);
      for (auto& id : ids_of(page)) seen.push_back(id);
      if (page["next_before"].is_null()) break;
      REQUIRE(pages < 5);
      query = "?limit=2&before=" + page["next_before"].get<std::string>();
    }
    CHECK(pages == 3);
    CHECK(seen == newest_first);
  }
  SUBCASE("paging within a status, and before as microseconds") {
    auto first = list(c, "?status=waiting&limit=2");
    CHECK(ids_of(first) == std::vector<std::string>{created[4], created[3]});
    REQUIRE(first["next_before"].is_string());
    auto cut = store::parse_rfc3339(first["next_before"].get<std::string>());
    REQUIRE(cut);
    auto second = list(c, "?status=waiting&limit=2&before=" + std::to_string(cut->time_since_epoch().count()));
    CHECK(ids_of(second) == std::vector<std::string>{created[1]});
    CHECK(second["next_before"].is_null());
  }
  SUBCASE("bad parameters: 400 naming the parameter, and the store is not queried") {
    auto before = store_queries(c);
    auto stats_cost = store_queries(c) - before;  // what reading /stats costs by itself
    auto queries = before + stats_cost;
    list(c, "?limit=3");
    auto after_good = store_queries(c);
    REQUIRE(after_good == queries + stats_cost + 1);  // a good page is one query: the probe sees one
    queries = after_good;
    for (const std::string& query : {std::string("?status=queue"), std::string("?status=WAITING"), std::string("?limit=0"),
                                     std::string("?limit=201"), std::string("?limit=ten"), std::string("?limit=-3"),
                                     std::string("?before=yesterday"), std::string("?before=..%2F..%2Fetc")}) {
      auto r = admin_get(c, "/admin/api/candidates" + query);
      CHECK_MESSAGE(r.status == 400, query);
      auto name = query.substr(1, query.find('=') - 1);
      CHECK_MESSAGE(r.body["detail"].get<std::string>().find(name) != std::string::npos, r.raw);
      CHECK(r.body["message"] == r.body["detail"]);
    }
    CHECK(store_queries(c) == queries + stats_cost);
    CHECK(list(c, "?limit=200")["candidates"].size() == 5);
    CHECK(list(c, "?limit=1")["candidates"].size() == 1);
  }
}

TEST_CASE("candidate record: after an interview with the offline interviewer, the transcript, who answered, the SWOT") {
  StoreUnderTest store("it-cand-record");
  ServerProcess server(pages_env(store, {{"SESSION_SECONDS", "3"}}));
  auto c = server.client();
  Candidate who = candidate_with("Linus", "Linus T.\nSkills: React, FastAPI, Google Cloud, Kubernetes\n", "cv.txt");
  who.phone = "+1 555 0100";
  std::string id = seated_user(c, who);
  auto opening = post_json(c, "/interview/start", json{{"user_id", id}}.dump());
  REQUIRE_MESSAGE(opening.status == 200, opening.raw);
  const std::string answer = "I built the React front end and deployed FastAPI on Cloud Run.";
  auto turn = post_json(c, "/interview/respond", json{{"user_id", id}, {"user_response", answer}}.dump());
  REQUIRE_MESSAGE(turn.status == 200, turn.raw);

  auto during = detail(c, id);
  CHECK(during["status"] == "in_session");
  REQUIRE(during["session"].is_object());
  CHECK(during["session"]["awaiting_start"] == false);
  CHECK(store::parse_rfc3339(during["session"]["expiry_time"].get<std::string>()));

  std::this_thread::sleep_for(std::chrono::milliseconds(3300));
  auto closing = post_json(c, "/interview/respond", json{{"user_id", id}, {"user_response", ""}}.dump());
  REQUIRE_MESSAGE(closing.status == 200, closing.raw);
  CHECK(closing.body["status"] == "session_over");
  for (int i = 0; i < 100 && get(c, "/swot/" + id).status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));

  auto d = detail(c, id);
  CHECK(d["user_id"] == id);
  CHECK(d["profile"] == json{{"first_name", "Linus"}, {"last_name", "Lovelace"}, {"email", "Linus@example.com"},
                             {"phone", "+1 555 0100"}});
  CHECK(d["status"] == "session_over");
  CHECK(store::parse_rfc3339(d["created_at"].get<std::string>()));
  CHECK(d["updated_at"].get<std::string>() >= d["created_at"].get<std::string>());
  CHECK(d["session"].is_null());  // the session document is gone once it is over

  auto t = d["transcript"];
  REQUIRE(t.size() == 3);
  CHECK(t[0]["role"] == "bot");
  CHECK(t[0]["message"] == opening.body["bot_response"]);
  CHECK(t[0]["question"] == opening.body["next_question"]);
  CHECK(t[0]["provider"] == "offline");
  CHECK(t[0]["model"] == "rule-based-v1");
  CHECK(t[1]["role"] == "user");
  CHECK(t[1]["message"] == answer);
  CHECK(t[1]["question"] == opening.body["next_question"]);
  CHECK(t[2]["role"] == "bot");
  CHECK(t[2]["question"] == turn.body["next_question"]);
  CHECK(t[2]["provider"] == "offline");
  for (const auto& e : t) CHECK(store::parse_rfc3339(e["timestamp"].get<std::string>()));

  REQUIRE(d["swot"].is_object());
  auto swot = get(c, "/swot/" + id);
  REQUIRE(swot.status == 200);
  CHECK(d["swot"] == swot.body["swot_analysis"]);
  for (const char* key : {"strengths", "weaknesses", "opportunities", "threats"}) CHECK(d["swot"][key].is_array());
  CHECK(d["swot_status"] == "done");
  CHECK(d["swot_provider"] == "offline");
  CHECK(d["swot_model"] == "rule-based-v1");
  CHECK(d["swot_fallback"] == false);

  auto r = d["resume"];
  CHECK(r["kept"] == true);
  CHECK(r["path"] == "resumes/" + id + ".txt");
  CHECK(r["bucket"].is_null());
  CHECK(r["content_type"] == "text/plain; charset=utf-8");
  CHECK(r["available"] == true);
  CHECK(r["removed_at"].is_null());
  CHECK(r["text"].get<std::string>().find("Kubernetes") != std::string::npos);

  auto item = list(c)["candidates"][0];
  CHECK(item["user_id"] == id);
  CHECK(item["status"] == "session_over");
  CHECK(item["answers"] == 1);
  CHECK(item["swot_ready"] == true);
}

TEST_CASE("resume download: the original bytes with the type of their path, as an attachment named by the id") {
  StoreUnderTest store("it-cand-download");
  ServerProcess server(pages_env(store));
  auto c = server.client();
  struct Case {
    const char* fixture;
    const char* upload_name;
    const char* extension;
    const char* content_type;
  };
  for (const Case& k : {Case{"resume-2page.pdf", "My CV (final).PDF", "pdf", "application/pdf"},
                        Case{"resume.docx", "cv.docx", "docx",
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                        Case{"resume-bom.txt", "../../etc/passwd", "txt", "text/plain; charset=utf-8"}}) {
    CAPTURE(k.fixture);
    std::string bytes = resume_fixture(k.fixture);
    std::string id = new_user(c, candidate_with("Dl", bytes, k.upload_name));
    auto res = c.Get(("/admin/api/candidates/" + id + "/resume").c_str(), auth());
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 200, res->body);
    CHECK(res->body.size() == bytes.size());
    CHECK(res->body == bytes);
    CHECK(res->get_header_value("Content-Type") == k.content_type);
    CHECK(res->get_header_value("Content-Disposition") ==
          "attachment; filename=\"resume-" + id + "." + k.extension + "\"");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    CHECK(detail(c, id)["resume"]["content_type"] == k.content_type);
  }
}

TEST_CASE("candidate pages: ids that are not users, path tricks, a file gone, a file deleted under retention") {
  StoreUnderTest store("it-cand-bad");
  ServerProcess server(pages_env(store));
  auto c = server.client();
  std::string id = new_user(c);
  const std::string unknown(32, 'f');

  SUBCASE("not a user id: 400 as on the other routes; an unknown id: 404 User not found") {
    for (const std::string& bad : {std::string("NOT-AN-ID"), std::string(31, 'a'), std::string(32, 'A'), id + "0"}) {
      for (const std::string& tail : {std::string(), std::string("/resume")}) {
        auto r = admin_get(c, "/admin/api/candidates/" + bad + tail);
        CHECK_MESSAGE(r.status == 400, std::string(bad + tail));
        CHECK(r.body["detail"] == "user_id must be 32 lowercase hexadecimal characters");
      }
    }
    for (const std::string& tail : {std::string(), std::string("/resume")}) {
      auto r = admin_get(c, "/admin/api/candidates/" + unknown + tail);
      CHECK(r.status == 404);
      CHECK(r.body["detail"] == "User not found");
    }
  }
  SUBCASE("path tricks in the id never reach a file: 404 or 400, JSON, nothing served") {
    for (const std::string& trick : {std::string("..%2F..%2Fetc"), std::string("..%2F..%2Fetc%2Fpasswd/resume"),
                                     std::string("%2E%2E/resume"), std::string(".."), std::string("..%2Finterview.db/resume"),
                                     std::string("resumes%2F") + id + ".txt/resume", std::string("%00") + id + "/resume"}) {
      auto res = c.Get(("/admin/api/candidates/" + trick).c_str(), auth());
      REQUIRE(res);
      CHECK_MESSAGE((res->status == 404 || res->status == 400), std::string(trick + " -> " + std::to_string(res->status)));
      auto body = json::parse(res->body, nullptr, false);
      CHECK_MESSAGE(body.contains("detail"), res->body);
      CHECK(res->body.find("root:") == std::string::npos);
      CHECK(res->body.find("SQLite") == std::string::npos);
      CHECK(res->get_header_value("Content-Disposition").empty());
    }
  }
  SUBCASE("a stored path that is not safe is never handed to the storage") {
    for (const std::string& path : {std::string("../../etc/passwd"), std::string("/etc/passwd"), std::string("resumes/../interview.db")}) {
      std::string seeded(31, 'e');
      seeded += path[0] == '/' ? '1' : path[0] == '.' ? '2' : '3';
      store.write("users", seeded, seeded_user(seeded, store::now_micros(), {{"resume_path", path}, {"resume_kept", true}}));
      auto r = admin_get(c, "/admin/api/candidates/" + seeded + "/resume");
      CHECK_MESSAGE(r.status == 404, path);
      CHECK(r.body["detail"] == "the stored resume path is not one this service serves");
      auto d = detail(c, seeded)["resume"];
      CHECK(d["available"] == false);
      CHECK(d["path"] == path);
    }
  }
  SUBCASE("the candidate's file is gone from the folder: 404 with detail; the record is still there") {
    auto path = detail(c, id)["resume"]["path"].get<std::string>();
    REQUIRE(std::filesystem::remove(resume_file(store, path)));
    auto r = admin_get(c, "/admin/api/candidates/" + id + "/resume");
    CHECK(r.status == 404);
    CHECK_FALSE(r.body["detail"].get<std::string>().empty());
    CHECK(r.body["detail"] != "User not found");
    CHECK(detail(c, id)["profile"]["first_name"] == "Ada");
  }
  SUBCASE("a file deleted under the retention policy: the record says so, the download is a 404 naming it") {
    std::string old(32, 'd');
    auto removed_at = store::now_micros();
    store.write("users", old,
                seeded_user(old, removed_at - std::chrono::hours(24 * 40),
                            {{"resume_path", nullptr},
                             {"resume_bucket", nullptr},
                             {"resume_kept", false},
                             {"resume_removed_at", store::timestamp_value(removed_at)},
                             {"resume_removed_reason", "retention"}}));
    auto r = admin_get(c, "/admin/api/candidates/" + old + "/resume");
    CHECK(r.status == 404);
    CHECK(r.body["detail"].get<std::string>().find("retention") != std::string::npos);
    auto d = detail(c, old);
    CHECK(d["resume"]["kept"] == false);
    CHECK(d["resume"]["path"].is_null());
    CHECK(d["resume"]["removed_at"] == store::format_rfc3339(removed_at));
    CHECK(d["resume"]["removed_reason"] == "retention");
    CHECK(d["resume"]["text"] == "COBOL, compilers");
    CHECK(d["profile"]["last_name"] == "Hopper");
  }
  SUBCASE("an old-backend document: raw SWOT, no provider, its bucket's file not served by this instance") {
    std::string old(32, 'c');
    store.write("users", old,
                seeded_user(old, store::now_micros() - std::chrono::hours(1),
                            {{"status", "pending"},
                             {"resume_path", "resume/3f1c2d4e-1111-2222-3333-444455556666.pdf"},
                             {"resume_bucket", "old-interview-bucket"},
                             {"swot_analysis", {{"raw", "Strengths: COBOL"}}},
                             {"interview_history",
                              {{{"role", "bot"}, {"message", "Hello"}, {"question", "Why COBOL?"},
                                {"timestamp", "2025-01-02T03:04:05.678Z"}}}}}));
    auto d = detail(c, old);
    CHECK(d["status"] == "waiting");
    CHECK(d["swot"] == json{{"raw", "Strengths: COBOL"}});
    REQUIRE(d["transcript"].size() == 1);
    CHECK(d["transcript"][0]["provider"].is_null());
    CHECK(d["transcript"][0]["timestamp"] == "2025-01-02T03:04:05.678000Z");
    CHECK(d["resume"]["kept"] == true);
    CHECK(d["resume"]["bucket"] == "old-interview-bucket");
    CHECK(d["resume"]["available"] == false);
    auto r = admin_get(c, "/admin/api/candidates/" + old + "/resume");
    CHECK(r.status == 404);
    CHECK(r.body["detail"].get<std::string>().find("old-interview-bucket") != std::string::npos);
    std::set<std::string> listed;
    for (auto& x : ids_of(list(c, "?status=waiting"))) listed.insert(x);
    CHECK(listed.count(old) == 1);
  }
}

TEST_CASE("candidate pages on Cloud Storage: the old backend's objects are served, a missing object is 404, a failing bucket 503") {
  const std::string bucket = "it-candidate-pages-bucket";
  FakeGcsOptions o;
  o.buckets = {bucket};
  FakeGcsServer gcs(o);
  REQUIRE(gcs.running());
  StoreUnderTest store("it-cand-gcs");
  ServerProcess server(pages_env(store, gcs.server_env(bucket)));
  auto c = server.client();

  // A candidate of the old backend: object resume/<uuid4>.pdf in the bucket, no resume_kept.
  const std::string old(32, 'b');
  const std::string object = "resume/3f1c2d4e-1111-4222-8333-444455556666.pdf";
  const std::string pdf = resume_fixture("resume-2page.pdf");
  gcs.put_object(bucket, object, pdf, "application/pdf");
  store.write("users", old, seeded_user(old, store::now_micros() - std::chrono::hours(2),
                                        {{"resume_path", object}, {"resume_bucket", bucket}}));
  auto d = detail(c, old)["resume"];
  CHECK(d["kept"] == true);
  CHECK(d["available"] == true);
  CHECK(d["bucket"] == bucket);
  auto res = c.Get(("/admin/api/candidates/" + old + "/resume").c_str(), auth());
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
  CHECK(res->body == pdf);
  CHECK(res->get_header_value("Content-Type") == "application/pdf");
  CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"resume-" + old + ".pdf\"");

  // A new candidate: kept in the bucket, read back.
  std::string id = new_user(c, candidate_with("Cloud", "Cloud candidate\nGo, Kubernetes\n", "cv.txt"));
  CHECK(detail(c, id)["resume"]["path"] == "resume/" + id + ".txt");
  auto fresh = c.Get(("/admin/api/candidates/" + id + "/resume").c_str(), auth());
  REQUIRE(fresh);
  CHECK(fresh->status == 200);
  CHECK(fresh->body == "Cloud candidate\nGo, Kubernetes\n");

  SUBCASE("the bucket fails: 503 with detail, the record still readable") {
    gcs.set_failure(503);
    auto r = admin_get(c, "/admin/api/candidates/" + old + "/resume");
    CHECK(r.status == 503);
    CHECK_FALSE(r.body["detail"].get<std::string>().empty());
    CHECK(r.body["message"] == r.body["detail"]);
    CHECK(r.raw.find("%PDF") == std::string::npos);
    gcs.clear_failure();
    CHECK(detail(c, old)["profile"]["first_name"] == "Grace");
    CHECK(admin_get(c, "/admin/api/candidates/" + old + "/resume").status == 200);
  }
  SUBCASE("the object is gone from the bucket: 404 with detail") {
    std::string gone(32, '9');
    store.write("users", gone, seeded_user(gone, store::now_micros() - std::chrono::hours(1),
                                           {{"resume_path", "resume/" + gone + ".pdf"}, {"resume_bucket", bucket},
                                            {"resume_kept", true}}));
    auto r = admin_get(c, "/admin/api/candidates/" + gone + "/resume");
    CHECK(r.status == 404);
    CHECK_FALSE(r.body["detail"].get<std::string>().empty());
    CHECK(r.body["detail"] != "User not found");
  }
}
