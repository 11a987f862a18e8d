// Resume retention (issue 14, item 4) through the real binary on the embedded
// store, with the janitor ticking every second: a candidate created 40 days
// ago (seeded in the SQLite file before the server starts) loses the kept file,
// and the record says so (resume_path null, reason "retention") with everything
// else of the candidate as it was; a candidate created now keeps file and
// record; a record whose file is already gone is marked too. With
// RESUME_RETENTION_DAYS=0 nothing is deleted over three ticks; a file that
// cannot be deleted leaves its record as it is, retried every tick; with the
// files in the Cloud Storage stand-in, the due object is deleted (one DELETE,
// authenticated) and nothing of an old-backend document or of another bucket's
// file is touched; while the bucket fails, a pass stops after three failed
// deletes, and every file goes once it is back; two instances' janitors racing
// record each file once. The same runs on
// the Firestore emulator (http.firestore.resume_retention; the files stay in DATA_DIR).
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/fake_gcs_server.hpp"
#include "tests/support/probes.hpp"
#include "tests/support/server_process.hpp"

using namespace interview;
using namespace interview::testing;
namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

const std::string kToken = "retention-admin-token";
const std::string kPdf = "%PDF-1.4\n% an old candidate's resume\n%%EOF\n";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

// A candidate of `days_ago`, interviewed, with a SWOT and a kept PDF at resumes/<id>.pdf.
store::Fields old_candidate(const std::string& id, int days_ago) {
  auto created = store::now_micros() - hours(24) * days_ago;
  auto later = created + seconds(600);
  return {{"user_id", id},
          {"first_name", "Grace"},
          {"last_name", "Hopper"},
          {"email", "grace@example.com"},
          {"phone", "+1 202 555 0100"},
          {"resume_text", "Grace Hopper\nSkills: COBOL, compilers, Kubernetes\n"},
          {"resume_path", "resumes/" + id + ".pdf"},
          {"resume_bucket", nullptr},
          {"resume_kept", true},
          {"status", "session_over"},
          {"created_at", store::timestamp_value(created)},
          {"updated_at", store::timestamp_value(later)},
          {"interview_history",
           {{{"role", "bot"}, {"message", "Tell me about compilers."}, {"timestamp", store::format_rfc3339(created)}},
            {{"role", "user"},
             {"message", "I wrote the first one."},
             {"timestamp", store::format_rfc3339(later)},
             {"question", "Tell me about compilers."}}}},
          {"swot_status", "done"},
          {"swot_analysis",
           {{"strengths", {"compilers"}}, {"weaknesses", {"none said"}}, {"opportunities", {"cloud"}}, {"threats", {"time"}}}}};
}

httplib::Headers auth() { return {{"Authorization", "Bearer " + kToken}}; }

nlohmann::json janitor_stats(httplib::Client& c) {
  auto r = to_reply(c.Get("/stats", auth()));
  REQUIRE_MESSAGE(r.status == 200, r.raw);
  return r.body["janitor"];
}

std::int64_t ticks(httplib::Client& c) { return janitor_stats(c)["ticks"].get<std::int64_t>(); }

// Waits (bounded) until the janitor has run `n` more ticks from now.
void wait_ticks(httplib::Client& c, int n, const ServerProcess& server) {
  auto target = ticks(c) + n;
  REQUIRE_MESSAGE(wait_until([&] { return ticks(c) >= target; }, seconds(5 * n + 10)), server.output());
}

// The fields of a record besides the four retention writes.
store::Fields without_retention_fields(store::Fields f) {
  for (const char* k : {"resume_path", "resume_kept", "resume_removed_at", "resume_removed_reason"}) f.erase(k);
  return f;
}

std::map<std::string, std::string> retention_env(const StoreUnderTest& store, const std::string& days) {
  return store.env({{"CLEANUP_INTERVAL_SECONDS", "1"},
                    {"RESUME_RETENTION_DAYS", days},
                    {"TASK_QUEUE", "none"},
                    {"ADMIN_TOKEN", kToken},
                    {"LLM_PROVIDER", "offline"},
                    {"LOG_LEVEL", "info"}});
}

}  // namespace

TEST_CASE("resume retention: the file of a candidate created 40 days ago is deleted and recorded; a new one is kept") {
  StoreUnderTest store("it-resume-retention");
  const std::string old_id = "0123456789abcdef0123456789abcdef";
  const std::string gone_id = "fedcba9876543210fedcba9876543210";  // record says kept, file already gone
  const fs::path old_file = fs::path(store.data_dir()) / "resumes" / (old_id + ".pdf");
  auto seeded = old_candidate(old_id, 40);
  store.write("users", old_id, seeded);
  store.write("users", gone_id, old_candidate(gone_id, 35));
  write_file(old_file, kPdf);

  ServerProcess server(retention_env(store, "30"));
  auto c = server.client();
  Candidate fresh;
  fresh.resume = "Ada Lovelace\nSkills: Python, React, Google Cloud\n";
  auto created = create_user(c, fresh);
  REQUIRE_MESSAGE(created.status == 200, created.raw);
  std::string new_id = created.body["user_id"];
  const std::string new_path = "resumes/" + new_id + ".txt";
  const fs::path new_file = fs::path(store.data_dir()) / new_path;
  REQUIRE(fs::exists(new_file));

  auto marked = [&](const std::string& id) {
    auto u = store.get("users", id);
    return u && u->fields.value("resume_removed_reason", "") == "retention";
  };
  REQUIRE_MESSAGE(wait_until([&] { return marked(old_id) && marked(gone_id); }, seconds(15)), server.output());
  CHECK_FALSE(fs::exists(old_file));

  auto old = store.get("users", old_id);
  REQUIRE(old.has_value());
  CHECK(old->fields["resume_path"].is_null());
  CHECK(old->fields["resume_kept"] == false);
  CHECK(old->fields["resume_removed_reason"] == "retention");
  auto removed_at = store::as_timestamp(old->fields["resume_removed_at"]);
  REQUIRE(removed_at.has_value());
  CHECK(*removed_at <= store::now_micros());
  CHECK(*removed_at > store::now_micros() - seconds(60));
  // Profile, transcript, SWOT, status, times and bucket: exactly as seeded.
  CHECK(without_retention_fields(old->fields) == without_retention_fields(seeded));
  CHECK(store.get("users", gone_id)->fields["resume_path"].is_null());

  // What the service answers about the old candidate is whole, but the file.
  CHECK(status_body(c, old_id)["status"] == "session_over");
  auto swot = get(c, "/swot/" + old_id);
  CHECK_MESSAGE(swot.status == 200, swot.raw);
  CHECK(swot.body["swot_analysis"] == seeded["swot_analysis"]);
  auto download = to_reply(c.Get(("/admin/api/candidates/" + old_id + "/resume").c_str(), auth()));
  CHECK(download.status == 404);
  CHECK_MESSAGE(download.body.value("detail", "").find("retention") != std::string::npos, download.raw);

  // Three more ticks: the new candidate's file and record are untouched, nothing is counted twice.
  wait_ticks(c, 3, server);
  CHECK(read_file(new_file) == fresh.resume);
  auto kept = store.get("users", new_id);
  REQUIRE(kept.has_value());
  CHECK(kept->fields["resume_path"] == new_path);
  CHECK(kept->fields["resume_kept"] == true);
  CHECK_FALSE(kept->fields.contains("resume_removed_at"));
  CHECK_FALSE(kept->fields.contains("resume_removed_reason"));
  auto kept_download = to_reply(c.Get(("/admin/api/candidates/" + new_id + "/resume").c_str(), auth()));
  CHECK(kept_download.status == 200);
  CHECK(kept_download.raw == fresh.resume);
  auto j = janitor_stats(c);
  CHECK(j["resumes_deleted"] == 2);
  CHECK(j["resume_delete_failures"] == 0);
  CHECK(server.output().find("janitor: deleted the resume file resumes/" + old_id + ".pdf") != std::string::npos);
  // The same figures in /metrics.
  auto metrics = to_reply(c.Get("/metrics", auth()));
  REQUIRE(metrics.status == 200);
  CHECK_MESSAGE(metrics.raw.find("\ninterview_janitor_resumes_deleted_total 2\n") != std::string::npos, metrics.raw);
  CHECK(metrics.raw.find("\ninterview_janitor_resume_delete_failures_total 0\n") != std::string::npos);
}

TEST_CASE("resume retention: RESUME_RETENTION_DAYS=0 keeps every file (three ticks)") {
  StoreUnderTest store("it-resume-retention-off");
  const std::string old_id = "00112233445566778899aabbccddeeff";
  const fs::path old_file = fs::path(store.data_dir()) / "resumes" / (old_id + ".pdf");
  auto seeded = old_candidate(old_id, 4000);
  store.write("users", old_id, seeded);
  write_file(old_file, kPdf);

  ServerProcess server(retention_env(store, "0"));
  auto c = server.client();
  wait_ticks(c, 3, server);
  CHECK(read_file(old_file) == kPdf);
  auto old = store.get("users", old_id);
  REQUIRE(old.has_value());
  CHECK(old->fields == seeded);
  auto j = janitor_stats(c);
  CHECK(j["resumes_deleted"] == 0);
  CHECK(j["resume_delete_failures"] == 0);
}

TEST_CASE("resume retention: a file that cannot be deleted leaves its record as it is, and is retried each tick") {
  StoreUnderTest store("it-resume-retention-stuck");
  const std::string stuck_id = "5555555555555555aaaaaaaaaaaaaaaa";
  const std::string next_id = "6666666666666666bbbbbbbbbbbbbbbb";  // younger, due as well
  const fs::path stuck_file = fs::path(store.data_dir()) / "resumes" / (stuck_id + ".pdf");
  const fs::path next_file = fs::path(store.data_dir()) / "resumes" / (next_id + ".pdf");
  auto seeded = old_candidate(stuck_id, 45);
  store.write("users", stuck_id, seeded);
  store.write("users", next_id, old_candidate(next_id, 35));
  // A directory where the file should be: unlink fails (EISDIR), as a delete the storage refuses.
  fs::create_directories(stuck_file);
  write_file(next_file, kPdf);

  ServerProcess server(retention_env(store, "30"));
  auto c = server.client();
  auto marked = [&](const std::string& id) {
    auto u = store.get("users", id);
    return u && u->fields.value("resume_removed_reason", "") == "retention";
  };
  // The one behind it in the same pass is deleted all the same.
  REQUIRE_MESSAGE(wait_until([&] { return marked(next_id); }, seconds(15)), server.output());
  CHECK_FALSE(fs::exists(next_file));
  wait_ticks(c, 3, server);
  CHECK(store.get("users", stuck_id)->fields == seeded);  // nothing recorded for a file still there
  CHECK(janitor_stats(c)["resume_delete_failures"].get<int>() >= 3);  // tried on every tick
  CHECK(server.output().find("cannot delete the resume file resumes/" + stuck_id + ".pdf") != std::string::npos);

  // Once the obstacle is gone, the next tick deletes (nothing left: success) and records it.
  fs::remove(stuck_file);
  REQUIRE_MESSAGE(wait_until([&] { return marked(stuck_id); }, seconds(15)), server.output());
  auto after = store.get("users", stuck_id);
  REQUIRE(after.has_value());
  CHECK(after->fields["resume_path"].is_null());
  CHECK(after->fields["resume_kept"] == false);
  CHECK(without_retention_fields(after->fields) == without_retention_fields(seeded));
  CHECK(janitor_stats(c)["resumes_deleted"] == 2);
}

TEST_CASE("resume retention on Cloud Storage: the due object is deleted; old-backend and other-bucket files are left") {
  const std::string bucket = "retention-bucket";
  StoreUnderTest store("it-resume-retention-gcs");
  FakeGcsOptions o;
  o.buckets = {bucket, "other-bucket"};
  FakeGcsServer gcs(o);
  const std::string old_id = "77777777777777777777777777777777";
  const std::string elsewhere_id = "88888888888888888888888888888888";  // kept in another bucket
  const std::string legacy_id = "legacy-0b9c2c8e";                       // the old backend: no resume_kept
  const std::string legacy_path = "resume/0b9c2c8e-5f1a-4e0e-9d5e-2f3c1a7b8d90.pdf";
  auto seeded = old_candidate(old_id, 40);
  seeded["resume_path"] = "resume/" + old_id + ".pdf";
  seeded["resume_bucket"] = bucket;
  store.write("users", old_id, seeded);
  auto elsewhere = old_candidate(elsewhere_id, 40);
  elsewhere["resume_path"] = "resume/" + elsewhere_id + ".pdf";
  elsewhere["resume_bucket"] = "other-bucket";
  store.write("users", elsewhere_id, elsewhere);
  auto legacy = old_candidate(legacy_id, 400);
  legacy.erase("resume_kept");
  legacy["resume_path"] = legacy_path;
  legacy["resume_bucket"] = bucket;
  store.write("users", legacy_id, legacy);
  gcs.put_object(bucket, "resume/" + old_id + ".pdf", kPdf, "application/pdf");
  gcs.put_object("other-bucket", "resume/" + elsewhere_id + ".pdf", kPdf, "application/pdf");
  gcs.put_object(bucket, legacy_path, kPdf, "application/pdf");

  auto env = retention_env(store, "30");
  env.merge(gcs.server_env(bucket));
  ServerProcess server(env);
  auto c = server.client();
  Candidate fresh;
  auto created = create_user(c, fresh);
  REQUIRE_MESSAGE(created.status == 200, created.raw);
  std::string new_id = created.body["user_id"];

  auto marked = [&](const std::string& id) {
    auto u = store.get("users", id);
    return u && u->fields.value("resume_removed_reason", "") == "retention";
  };
  REQUIRE_MESSAGE(wait_until([&] { return marked(old_id); }, seconds(15)), server.output());
  CHECK_FALSE(gcs.object(bucket, "resume/" + old_id + ".pdf").has_value());
  auto old = store.get("users", old_id);
  CHECK(old->fields["resume_path"].is_null());
  CHECK(old->fields["resume_bucket"] == bucket);  // where it was
  CHECK(without_retention_fields(old->fields) == without_retention_fields(seeded));

  wait_ticks(c, 3, server);
  std::vector<GcsRequest> deletes;
  for (auto& r : gcs.storage_requests())
    if (r.method == "DELETE") deletes.push_back(r);
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0].path == "/storage/v1/b/" + bucket + "/o/resume%2F" + old_id + ".pdf");
  CHECK(deletes[0].authorization == std::string("Bearer ") + kFakeGcsToken);
  // Untouched: the file in another bucket (its record too), the old backend's, the new candidate's.
  CHECK(gcs.object("other-bucket", "resume/" + elsewhere_id + ".pdf").has_value());
  CHECK(store.get("users", elsewhere_id)->fields == elsewhere);
  CHECK(gcs.object(bucket, legacy_path).has_value());
  CHECK(store.get("users", legacy_id)->fields == legacy);
  CHECK(gcs.object(bucket, "resume/" + new_id + ".txt").has_value());
  auto kept = store.get("users", new_id);
  REQUIRE(kept.has_value());
  CHECK(kept->fields["resume_kept"] == true);
  CHECK(kept->fields["resume_path"] == "resume/" + new_id + ".txt");
  auto j = janitor_stats(c);
  CHECK(j["resumes_deleted"] == 1);
  // The other bucket's file: reported once, not on every tick (nothing here can delete it;
  // the janitor's daily pass from the beginning reports it again).
  CHECK(j["resume_delete_failures"] == 1);
  CHECK(server.output().find("the resume file of " + elsewhere_id + " is due for deletion but not deleted") !=
        std::string::npos);
}

TEST_CASE("resume retention on Cloud Storage: while the bucket fails, a pass stops after three failed deletes; all go once it is back") {
  const std::string bucket = "retention-bucket";
  StoreUnderTest store("it-resume-retention-gcs-down");
  FakeGcsOptions o;
  o.buckets = {bucket};
  FakeGcsServer gcs(o);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    std::string id = std::string(31, 'a') + std::to_string(i);
    auto f = old_candidate(id, 60 - i);  // ids[0] oldest
    f["resume_path"] = "resume/" + id + ".pdf";
    f["resume_bucket"] = bucket;
    store.write("users", id, f);
    gcs.put_object(bucket, "resume/" + id + ".pdf", kPdf, "application/pdf");
    ids.push_back(id);
  }
  gcs.set_failure(503);  // every storage request, until cleared

  auto env = retention_env(store, "30");
  env.merge(gcs.server_env(bucket));
  ServerProcess server(env);
  auto c = server.client();
  wait_ticks(c, 3, server);
  std::set<std::string> tried;
  for (auto& r : gcs.storage_requests())
    if (r.method == "DELETE") tried.insert(r.path);
  // Only the three oldest were tried (pass after pass): the others were not waited for.
  std::set<std::string> oldest;
  for (int i = 0; i < 3; ++i) oldest.insert("/storage/v1/b/" + bucket + "/o/resume%2F" + ids[i] + ".pdf");
  CHECK(tried == oldest);
  for (const auto& id : ids) CHECK(store.get("users", id)->fields["resume_kept"] == true);
  CHECK(janitor_stats(c)["resume_delete_failures"].get<int>() >= 3);
  CHECK(janitor_stats(c)["resumes_deleted"] == 0);

  gcs.clear_failure();
  auto all_marked = [&] {
    for (const auto& id : ids)
      if (store.get("users", id)->fields.value("resume_removed_reason", "") != "retention") return false;
    return true;
  };
  REQUIRE_MESSAGE(wait_until(all_marked, seconds(20)), server.output());
  for (const auto& id : ids) CHECK_FALSE(gcs.object(bucket, "resume/" + id + ".pdf").has_value());
  CHECK(janitor_stats(c)["resumes_deleted"] == 6);
}

TEST_CASE("resume retention: two instances' janitors racing on one store delete and record each file once") {
  StoreUnderTest store("it-resume-retention-race");
  std::vector<std::string> ids;
  // Three batches' worth, so both janitors' passes overlap over a few ticks.
  constexpr int kCandidates = 300;
  for (int i = 0; i < kCandidates; ++i) {
    std::string n = std::to_string(i);
    std::string id = std::string(32 - n.size(), 'c') + n;
    store.write("users", id, old_candidate(id, 31 + i % 60));
    write_file(fs::path(store.data_dir()) / "resumes" / (id + ".pdf"), kPdf);
    ids.push_back(id);
  }
  // Same store, same data folder, same tick: both find the same candidates.
  ServerProcess a(retention_env(store, "30")), b(retention_env(store, "30"));
  auto ca = a.client();
  auto cb = b.client();
  auto all_marked = [&] {
    for (const auto& id : ids)
      if (store.get("users", id)->fields.value("resume_removed_reason", "") != "retention") return false;
    return true;
  };
  REQUIRE_MESSAGE(wait_until(all_marked, seconds(40)), std::string(a.output() + b.output()));
  wait_ticks(ca, 2, a);
  wait_ticks(cb, 2, b);
  auto ja = janitor_stats(ca);
  auto jb = janitor_stats(cb);
  MESSAGE("instance a recorded " << ja["resumes_deleted"] << ", instance b " << jb["resumes_deleted"]);
  CHECK(ja["resumes_deleted"].get<int>() + jb["resumes_deleted"].get<int>() == kCandidates);  // each marked once
  CHECK(ja["resume_delete_failures"] == 0);  // a file the other deleted first is no failure
  CHECK(jb["resume_delete_failures"] == 0);
  for (const auto& id : ids) CHECK_FALSE(fs::exists(fs::path(store.data_dir()) / "resumes" / (id + ".pdf")));
}
