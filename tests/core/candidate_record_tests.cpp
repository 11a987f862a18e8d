// The candidate pages' pure shaping (core/lifecycle/candidate_record): the
// list's parameters and its one query, the page and its next_before token,
// the record of a candidate as this service writes it and as the old backend
// left it (no provider on history entries, a {"raw": ...} SWOT, no
// resume_kept), a file deleted by retention, and who answered (bot_entry).
#include <doctest/doctest.h>

#include "core/interview/interview_state.hpp"
#include "core/lifecycle/candidate_record.hpp"

using namespace interview;
using namespace interview::lifecycle;
using nlohmann::json;

namespace {

const store::TimePoint kT0 = *store::parse_rfc3339("2026-11-30T10:00:00.000001Z");

store::TimePoint at(int seconds) { return kT0 + std::chrono::seconds(seconds); }

store::Document user_doc(const std::string& id, store::Fields extra = json::object()) {
  store::Fields f = {{"user_id", id},
                     {"first_name", "Ada"},
                     {"last_name", "Lovelace"},
                     {"email", "ada@example.com"},
                     {"phone", "+44 20 7946 0000"},
                     {"status", "idle"},
                     {"resume_text", "Ada Lovelace\nPython, React"},
                     {"created_at", store::timestamp_value(kT0)},
                     {"updated_at", store::timestamp_value(at(60))},
                     {"interview_history", json::array()}};
  f.update(extra);
  return {id, f, at(60)};
}

Result<CandidatePage> page_of(std::optional<std::string> status, std::optional<std::string> limit = std::nullopt,
                              std::optional<std::string> before = std::nullopt) {
  return parse_candidate_page(status, limit, before);
}

}  // namespace

TEST_CASE("candidate pages: the wire word for a waiting candidate is waiting, the others are as stored") {
  CHECK(wire_status("pending") == "waiting");
  CHECK(wire_status("idle") == "idle");
  CHECK(wire_status("in_session") == "in_session");
  CHECK(wire_status("session_over") == "session_over");
}

TEST_CASE("candidate list parameters: defaults, every status word, limit 1..200, before as RFC 3339 or micros") {
  auto none = page_of(std::nullopt);
  REQUIRE(none);
  CHECK_FALSE(none->status);
  CHECK(none->limit == 50);
  CHECK_FALSE(none->before);
  CHECK_FALSE(page_of(std::string())->status);  // status= (empty) is no filter

  CHECK(page_of(std::string("waiting"))->status == UserStatus::pending);
  CHECK(page_of(std::string("pending"))->status == UserStatus::pending);
  CHECK(page_of(std::string("idle"))->status == UserStatus::idle);
  CHECK(page_of(std::string("in_session"))->status == UserStatus::in_session);
  CHECK(page_of(std::string("session_over"))->status == UserStatus::session_over);
  for (const char* bad : {"queue", "WAITING", "over", "idle ", "in_session;drop"}) {
    auto r = page_of(std::string(bad));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::bad_request);
    CHECK(r.error().message.find("status") != std::string::npos);
  }

  CHECK(page_of(std::nullopt, std::string("1"))->limit == 1);
  CHECK(page_of(std::nullopt, std::string("200"))->limit == 200);
  for (const char* bad : {"0", "201", "-1", "1.5", "ten", "99999", "1e2", " 5"}) {
    auto r = page_of(std::nullopt, std::string(bad));
    REQUIRE_FALSE_MESSAGE(r, bad);
    CHECK(r.error().kind == ErrorKind::bad_request);
    CHECK(r.error().message.find("limit") != std::string::npos);
  }

  auto rfc = page_of(std::nullopt, std::nullopt, std::string("2026-11-30T10:00:00.000001Z"));
  REQUIRE(rfc);
  CHECK(rfc->before == kT0);
  auto micros = page_of(std::nullopt, std::nullopt, std::to_string(kT0.time_since_epoch().count()));
  REQUIRE(micros);
  CHECK(micros->before == kT0);
  for (const char* bad : {"yesterday", "2026-13-01T00:00:00Z", "123456789012345678901", "../../etc"}) {
    auto r = page_of(std::nullopt, std::nullopt, std::string(bad));
    REQUIRE_FALSE_MESSAGE(r, bad);
    CHECK(r.error().message.find("before") != std::string::npos);
  }
}

TEST_CASE("candidate list query: status ==, created_at <, order by created_at desc, limit + 1") {
  CandidatePage page;
  page.status = UserStatus::pending;
  page.limit = 20;
  page.before = kT0;
  auto q = candidates_query(page);
  CHECK(q.collection == "users");
  REQUIRE(q.filters.size() == 2);
  CHECK(q.filters[0].field == "status");
  CHECK(q.filters[0].op == store::Op::eq);
  CHECK(q.filters[0].value == "pending");
  CHECK(q.filters[1].field == "created_at");
  CHECK(q.filters[1].op == store::Op::lt);
  CHECK(q.filters[1].value == store::timestamp_value(kT0));
  REQUIRE(q.order_by);
  CHECK(q.order_by->first == "created_at");
  CHECK(q.order_by->second == store::Direction::desc);
  CHECK(q.limit == 21);

  auto all = candidates_query(CandidatePage{});
  CHECK(all.filters.empty());
  CHECK(all.order_by->first == "created_at");
  CHECK(all.limit == 51);
}

TEST_CASE("candidate list page: the items in the query's order; next_before only when a further page exists") {
  std::vector<store::Document> docs;
  for (int i = 0; i < 3; ++i) {
    auto id = std::string(31, 'a') + char('0' + i);
    docs.push_back(user_doc(id, {{"created_at", store::timestamp_value(at(100 - i))},
                                 {"status", i == 1 ? "pending" : "session_over"}}));
  }
  auto full = candidate_page_json(docs, 2);  // the query took limit + 1 = 3: more exist
  REQUIRE(full["candidates"].size() == 2);
  CHECK(full["candidates"][0]["user_id"] == docs[0].id);
  CHECK(full["candidates"][1]["user_id"] == docs[1].id);
  CHECK(full["candidates"][1]["status"] == "waiting");
  CHECK(full["limit"] == 2);
  CHECK(full["next_before"] == store::format_rfc3339(at(99)));  // the last shown item's created_at

  auto last = candidate_page_json(docs, 3);
  CHECK(last["candidates"].size() == 3);
  CHECK(last["next_before"].is_null());
  CHECK(candidate_page_json({}, 50)["candidates"] == json::array());
  CHECK(candidate_page_json({}, 50)["next_before"].is_null());
}

TEST_CASE("candidate list item: profile, wire status, times, answers counted, SWOT and resume flags") {
  auto doc = user_doc("u1", {{"status", "session_over"},
                             {"resume_path", "resumes/u1.pdf"},
                             {"resume_kept", true},
                             {"swot_analysis", {{"strengths", {"a"}}, {"weaknesses", json::array()},
                                                {"opportunities", json::array()}, {"threats", json::array()}}},
                             {"interview_history", {{{"role", "bot"}, {"message", "Q1"}},
                                                    {{"role", "user"}, {"message", "A1"}},
                                                    {{"role", "bot"}, {"message", "Q2"}},
                                                    {{"role", "user"}, {"message", "A2"}}}}});
  auto item = candidate_list_item(doc);
  CHECK(item["user_id"] == "u1");
  CHECK(item["first_name"] == "Ada");
  CHECK(item["last_name"] == "Lovelace");
  CHECK(item["email"] == "ada@example.com");
  CHECK(item["phone"] == "+44 20 7946 0000");
  CHECK(item["status"] == "session_over");
  CHECK(item["created_at"] == "2026-11-30T10:00:00.000001Z");
  CHECK(item["updated_at"] == store::format_rfc3339(at(60)));
  CHECK(item["answers"] == 2);
  CHECK(item["swot_ready"] == true);
  CHECK(item["resume_kept"] == true);
  CHECK_FALSE(item.contains("resume_text"));  // the list stays small

  auto bare = candidate_list_item(user_doc("u2"));
  CHECK(bare["answers"] == 0);
  CHECK(bare["swot_ready"] == false);
  CHECK(bare["resume_kept"] == false);
}

TEST_CASE("candidate record: this service's document, with the session, the transcript and who answered") {
  json history = json::array();
  history.push_back(interview_flow::bot_entry({"Welcome, Ada.", "Tell me about React.", "gemini", "gemini-flash-latest"}, at(10)));
  history.push_back(interview_flow::user_entry("I built a dashboard.", "Tell me about React.", at(20)));
  history.push_back(interview_flow::bot_entry({"Thanks.", "And Google Cloud?", "offline", "rule-based-v1"}, at(30)));
  auto doc = user_doc("u1", {{"status", "in_session"},
                             {"interview_history", history},
                             {"resume_path", "resumes/u1.docx"},
                             {"resume_bucket", nullptr},
                             {"resume_kept", true}});
  store::Document session{"u1",
                          {{"user_id", "u1"},
                           {"start_time", store::timestamp_value(at(5))},
                           {"expiry_time", store::timestamp_value(at(305))},
                           {"status", "in_session"},
                           {"created_at", store::timestamp_value(at(4))}},
                          at(5)};
  auto d = candidate_detail(doc, session, std::nullopt);
  CHECK(d["user_id"] == "u1");
  CHECK(d["profile"] == json{{"first_name", "Ada"}, {"last_name", "Lovelace"}, {"email", "ada@example.com"},
                             {"phone", "+44 20 7946 0000"}});
  CHECK(d["status"] == "in_session");
  CHECK(d["created_at"] == store::format_rfc3339(kT0));
  CHECK(d["session"]["start_time"] == store::format_rfc3339(at(5)));
  CHECK(d["session"]["expiry_time"] == store::format_rfc3339(at(305)));
  CHECK(d["session"]["awaiting_start"] == false);

  REQUIRE(d["transcript"].size() == 3);
  CHECK(d["transcript"][0] == json{{"role", "bot"}, {"message", "Welcome, Ada."}, {"question", "Tell me about React."},
                                   {"timestamp", store::format_rfc3339(at(10))}, {"provider", "gemini"},
                                   {"model", "gemini-flash-latest"}});
  CHECK(d["transcript"][1]["role"] == "user");
  CHECK(d["transcript"][1]["message"] == "I built a dashboard.");
  CHECK(d["transcript"][1]["question"] == "Tell me about React.");
  CHECK(d["transcript"][1]["provider"].is_null());
  CHECK(d["transcript"][2]["provider"] == "offline");
  CHECK(d["transcript"][2]["model"] == "rule-based-v1");

  CHECK(d["swot"].is_null());
  CHECK(d["swot_provider"].is_null());

  auto r = d["resume"];
  CHECK(r["kept"] == true);
  CHECK(r["path"] == "resumes/u1.docx");
  CHECK(r["bucket"].is_null());
  CHECK(r["content_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(r["available"] == true);
  CHECK(r["unavailable_reason"].is_null());
  CHECK(r["removed_at"].is_null());
  CHECK(r["text"] == "Ada Lovelace\nPython, React");

  SUBCASE("served from a bucket, a file kept in the embedded folder is not available, with the reason") {
    auto b = candidate_detail(doc, session, std::string("hiring-resumes"))["resume"];
    CHECK(b["kept"] == true);
    CHECK(b["available"] == false);
    CHECK(b["unavailable_reason"].get<std::string>().find("embedded") != std::string::npos);
  }
  SUBCASE("a slot given but not started") {
    session.fields["awaiting_start"] = true;
    CHECK(candidate_detail(doc, session, std::nullopt)["session"]["awaiting_start"] == true);
  }
  SUBCASE("no session document: null") { CHECK(candidate_detail(doc, std::nullopt, std::nullopt)["session"].is_null()); }
}

TEST_CASE("candidate record: the SWOT's four lists and who made it; the old backend's raw text shown as such") {
  auto doc = user_doc("u1", {{"status", "session_over"},
                             {"swot_analysis", {{"strengths", {"React", 7}}, {"weaknesses", {"w"}},
                                                {"opportunities", {"o"}}}},
                             {"swot_status", "done"},
                             {"swot_provider", "gemini"},
                             {"swot_model", "gemini-flash-latest"},
                             {"swot_fallback", false}});
  auto d = candidate_detail(doc, std::nullopt, std::nullopt);
  CHECK(d["swot"] == json{{"strengths", {"React"}}, {"weaknesses", {"w"}}, {"opportunities", {"o"}}, {"threats", json::array()}});
  CHECK(d["swot_status"] == "done");
  CHECK(d["swot_provider"] == "gemini");
  CHECK(d["swot_model"] == "gemini-flash-latest");
  CHECK(d["swot_fallback"] == false);

  auto old = user_doc("u2", {{"swot_analysis", {{"raw", "Strengths: cloud. Weaknesses: tests."}}}});
  auto o = candidate_detail(old, std::nullopt, std::nullopt);
  CHECK(o["swot"] == json{{"raw", "Strengths: cloud. Weaknesses: tests."}});
  CHECK(o["swot_provider"].is_null());
  CHECK(o["swot_fallback"].is_null());
}

TEST_CASE("candidate record: an old-backend document reads as it is (ISO strings, no provider, no resume_kept)") {
  store::Fields f = {{"user_id", "old1"},
                     {"first_name", "Grace"},
                     {"last_name", "Hopper"},
                     {"email", "grace@example.com"},
                     {"phone", "555"},
                     {"status", "pending"},
                     {"resume_path", "resume/3f1c2d4e-aaaa-bbbb-cccc-000000000000.pdf"},
                     {"resume_bucket", "old-bucket"},
                     {"resume_text", "COBOL"},
                     {"created_at", store::timestamp_value(kT0)},
                     {"interview_history",
                      {{{"role", "bot"}, {"message", "Hello"}, {"question", "Q?"}, {"timestamp", "2026-11-30T10:01:00.5"}},
                       {{"role", "user"}, {"message", "Hi"}, {"timestamp", "2026-11-30T10:02:00Z"}}}}};
  auto d = candidate_detail({"old1", f, kT0}, std::nullopt, std::string("old-bucket"));
  CHECK(d["status"] == "waiting");
  CHECK(d["updated_at"].is_null());
  REQUIRE(d["transcript"].size() == 2);
  CHECK(d["transcript"][0]["provider"].is_null());
  CHECK(d["transcript"][0]["model"].is_null());
  CHECK(d["transcript"][0]["timestamp"] == "2026-11-30T10:01:00.5");  // not RFC 3339 (no zone): as stored
  CHECK(d["transcript"][1]["timestamp"] == "2026-11-30T10:02:00.000000Z");
  CHECK(d["transcript"][1]["question"].is_null());
  auto r = d["resume"];
  CHECK(r["kept"] == true);  // a stored path without resume_kept: the old backend kept the file
  CHECK(r["bucket"] == "old-bucket");
  CHECK(r["content_type"] == "application/pdf");
  CHECK(r["available"] == true);
  SUBCASE("another bucket than the one this service serves") {
    auto other = candidate_detail({"old1", f, kT0}, std::nullopt, std::string("new-bucket"))["resume"];
    CHECK(other["available"] == false);
    CHECK(other["unavailable_reason"].get<std::string>().find("old-bucket") != std::string::npos);
  }
}

TEST_CASE("candidate record: a file deleted under the retention policy says so, and the rest is kept") {
  auto removed = store::timestamp_value(at(86400 * 31));
  auto doc = user_doc("u1", {{"status", "session_over"},
                             {"resume_path", nullptr},
                             {"resume_bucket", nullptr},
                             {"resume_kept", false},
                             {"resume_removed_at", removed},
                             {"resume_removed_reason", "retention"}});
  auto r = candidate_detail(doc, std::nullopt, std::nullopt)["resume"];
  CHECK(r["kept"] == false);
  CHECK(r["path"].is_null());
  CHECK(r["content_type"].is_null());
  CHECK(r["available"] == false);
  CHECK(r["unavailable_reason"].get<std::string>().find("retention") != std::string::npos);
  CHECK(r["removed_at"] == store::format_rfc3339(at(86400 * 31)));
  CHECK(r["removed_reason"] == "retention");
  CHECK(r["text"] == "Ada Lovelace\nPython, React");
  CHECK(candidate_list_item(doc)["resume_kept"] == false);
}

TEST_CASE("candidate record: a stored path that is not safe is never offered for download") {
  auto doc = user_doc("u1", {{"resume_path", "../../etc/passwd"}, {"resume_kept", true}});
  auto r = candidate_detail(doc, std::nullopt, std::nullopt)["resume"];
  CHECK(r["available"] == false);
  CHECK(r["path"] == "../../etc/passwd");  // shown as stored, never read
}

TEST_CASE("resume download name: resume-<id>.<the path's extension>") {
  CHECK(resume_download_name("abc", "resumes/abc.pdf") == "resume-abc.pdf");
  CHECK(resume_download_name("abc", "resume/3f1c.docx") == "resume-abc.docx");
  CHECK(resume_download_name("abc", "abc.txt") == "resume-abc.txt");
  CHECK(resume_download_name("abc", "resumes/abc") == "resume-abc.bin");
  CHECK(resume_download_name("abc", "resumes/abc.") == "resume-abc.bin");
  CHECK(resume_download_name("abc", "x/a.p\"df") == "resume-abc.pdf");
}

TEST_CASE("bot history entries record who answered; user entries do not") {
  auto bot = interview_flow::bot_entry({"Hello", "Q?", "gemini", "gemini-2.5"}, kT0);
  CHECK(bot["provider"] == "gemini");
  CHECK(bot["model"] == "gemini-2.5");
  CHECK(bot["role"] == "bot");
  CHECK(bot["question"] == "Q?");
  auto user = interview_flow::user_entry("A", "Q?", kT0);
  CHECK_FALSE(user.contains("provider"));
}
