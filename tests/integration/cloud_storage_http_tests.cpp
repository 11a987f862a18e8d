// The original resume file kept in Cloud Storage, through the real binary and
// the bucket stand-in (tests/support/fake_gcs_server) that also plays the
// metadata server, so the real Google auth path is used: byte-identical
// objects named by id and detected type, the upload's path, name, bearer
// token and content type, what the users document records, the download for
// the hiring team; an upload that fails is a 503 with nothing stored; /health
// turns when the stand-in goes away and back when it returns.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/fake_gcs_server.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;
namespace fs = std::filesystem;

namespace {

constexpr const char* kBucket = "it-interview-resumes";
constexpr const char* kAdminToken = "it-admin-token-cloud-storage";

FakeGcsOptions bucket_only() {
  FakeGcsOptions o;
  o.buckets = {kBucket};
  return o;
}

// The server keeping resumes in the stand-in's bucket, authenticating through
// the stand-in's metadata server.
std::map<std::string, std::string> cloud_env(const StoreUnderTest& dir, const FakeGcsServer& gcs) {
  auto extra = gcs.server_env(kBucket);
  extra.emplace("TASK_QUEUE", "none");
  extra.emplace("ADMIN_TOKEN", kAdminToken);
  return dir.env(extra);
}

std::vector<GcsRequest> uploads(const FakeGcsServer& gcs) {
  std::vector<GcsRequest> out;
  for (auto& r : gcs.storage_requests()) {
    if (r.method == "POST") out.push_back(r);
  }
  return out;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("cloud storage: creation keeps a byte-identical object under the id and type, uploaded with the token and type") {
  FakeGcsServer gcs(bucket_only());
  REQUIRE(gcs.running());
  StoreUnderTest dir("it-cloud-storage-keep");
  ServerProcess server(cloud_env(dir, gcs));
  auto c = server.client();

  struct Case {
    const char* fixture;
    const char* client_name;  // never used for the object name
    const char* ext;
    const char* content_type;
  };
  for (const Case& k :
       {Case{"resume-2page.pdf", "../../etc/passwd", "pdf", "application/pdf"},
        Case{"resume-python-docx.docx", "My CV (final).docx", "docx",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        Case{"resume-latin1.txt", "cv.pdf", "txt", "text/plain; charset=utf-8"}}) {
    CAPTURE(k.fixture);
    gcs.clear_requests();
    const std::string bytes = resume_fixture(k.fixture);
    Candidate candidate;
    candidate.resume = bytes;
    candidate.resume_filename = k.client_name;
    auto r = create_user(c, candidate);
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    const std::string id = r.body["user_id"];
    const std::string object = "resume/" + id + "." + k.ext;
    CHECK(r.body["resume_path"] == object);

    auto kept = gcs.object(kBucket, object);
    REQUIRE(kept.has_value());
    CHECK(kept->bytes == bytes);
    CHECK(kept->content_type == k.content_type);

    auto ups = uploads(gcs);
    REQUIRE(ups.size() == 1);
    CHECK(ups[0].path == std::string("/upload/storage/v1/b/") + kBucket + "/o");
    CHECK(ups[0].param("uploadType") == "media");
    CHECK(ups[0].param("name") == object);
    CHECK(mentions(ups[0].query, "name=resume%2F" + id + "." + k.ext));
    CHECK(ups[0].authorization == std::string("Bearer ") + kFakeGcsToken);
    CHECK(ups[0].content_type == k.content_type);

    auto user = dir.get("users", id);
    REQUIRE(user.has_value());
    CHECK(user->fields["resume_path"] == object);
    CHECK(user->fields["resume_bucket"] == kBucket);
    CHECK(user->fields["resume_kept"] == true);
  }
  CHECK(gcs.object_count() == 3);

  // The hiring team's download reads the same object back.
  gcs.clear_requests();
  std::string pdf_id;
  {
    Candidate candidate;
    candidate.resume = resume_fixture("resume-2page.pdf");
    candidate.resume_filename = "cv.pdf";
    pdf_id = new_user(c, candidate);
  }
  httplib::Headers auth{{"Authorization", std::string("Bearer ") + kAdminToken}};
  auto d = c.Get(("/admin/api/candidates/" + pdf_id + "/resume").c_str(), auth);
  REQUIRE(d);
  CHECK(d->status == 200);
  CHECK(d->body == resume_fixture("resume-2page.pdf"));
  CHECK(d->get_header_value("Content-Type") == "application/pdf");
  bool downloaded = false;
  for (const auto& r : gcs.storage_requests()) {
    if (r.method == "GET" && r.path == std::string("/storage/v1/b/") + kBucket + "/o/resume%2F" + pdf_id + ".pdf") {
      downloaded = true;
      CHECK(r.param("alt") == "media");
      CHECK(r.authorization == std::string("Bearer ") + kFakeGcsToken);
    }
  }
  CHECK(downloaded);
}

TEST_CASE("cloud storage: the token comes from the metadata server, asked with Metadata-Flavor: Google") {
  FakeGcsServer gcs(bucket_only());
  StoreUnderTest dir("it-cloud-storage-token");
  ServerProcess server(cloud_env(dir, gcs));
  auto c = server.client();
  new_user(c);
  int token_requests = 0;
  for (const auto& r : gcs.requests()) {
    if (!r.token_request) continue;
    ++token_requests;
    CHECK(r.metadata_flavor == "Google");
  }
  CHECK(token_requests >= 1);
  auto ups = uploads(gcs);
  REQUIRE(ups.size() == 1);
  CHECK(ups[0].authorization == std::string("Bearer ") + kFakeGcsToken);
}

TEST_CASE("cloud storage: an upload the bucket refuses (503) fails creation with 503 and stores nothing") {
  FakeGcsServer gcs(bucket_only());
  StoreUnderTest dir("it-cloud-storage-503");
  ServerProcess server(cloud_env(dir, gcs));
  auto c = server.client();
  new_user(c);  // the service works before
  const int users_before = dir.count("users");
  const auto objects_before = gcs.object_count();
  gcs.clear_requests();

  gcs.set_failure(503);
  auto r = create_user(c);
  CHECK(r.status == 503);
  REQUIRE(r.body.is_object());
  REQUIRE(r.body.contains("detail"));
  CHECK(mentions(r.body["detail"].get<std::string>(), "nothing was stored"));
  CHECK_FALSE(mentions(r.raw, "internal error"));  // the stand-in's error body never reaches the client
  CHECK_FALSE(mentions(r.raw, "ya29"));
  CHECK(dir.count("users") == users_before);
  CHECK(gcs.object_count() == objects_before);
  CHECK(uploads(gcs).size() == 3);  // tried max_call_attempts times

  gcs.clear_failure();
  auto again = create_user(c);
  CHECK(again.status == 200);
  CHECK(dir.count("users") == users_before + 1);
  CHECK(gcs.object_count() == objects_before + 1);
}

TEST_CASE("cloud storage: /health names the bucket, turns 503 when the stand-in stops, healthy again when it returns") {
  FakeGcsServer gcs(bucket_only());
  StoreUnderTest dir("it-cloud-storage-health");
  ServerProcess server(cloud_env(dir, gcs));
  auto c = server.client();

  auto h = get(c, "/health");
  CHECK(h.status == 200);
  CHECK(h.body["storage"] == "healthy");
  CHECK(h.body["storage_location"] == std::string("gs://") + kBucket);
  bool listed = false;
  for (const auto& r : gcs.storage_requests()) {
    if (r.method == "GET" && r.path == std::string("/storage/v1/b/") + kBucket + "/o") listed = true;
  }
  CHECK(listed);

  gcs.stop();
  auto down = get(c, "/health");
  CHECK(down.status == 503);
  CHECK(down.body["storage"] == "unhealthy");
  CHECK(down.body["firestore"] == "healthy");
  REQUIRE(down.body.contains("detail"));
  CHECK(mentions(down.body["detail"].get<std::string>(), std::string("gs://") + kBucket));
  // Creation fails while the bucket is away, and stores nothing.
  const int users_before = dir.count("users");
  CHECK(create_user(c).status == 503);
  CHECK(dir.count("users") == users_before);

  REQUIRE(gcs.start());
  auto back = get(c, "/health");
  CHECK(back.status == 200);
  CHECK(back.body["storage"] == "healthy");
  CHECK(create_user(c).status == 200);
}

TEST_CASE("cloud storage: a bucket that does not exist is unhealthy on /health, naming it and the status") {
  FakeGcsOptions o;
  o.buckets = {"some-other-bucket"};
  FakeGcsServer gcs(o);
  StoreUnderTest dir("it-cloud-storage-nobucket");
  ServerProcess server(cloud_env(dir, gcs));
  auto c = server.client();
  auto h = get(c, "/health");
  CHECK(h.status == 503);
  CHECK(h.body["storage"] == "unhealthy");
  REQUIRE(h.body.contains("detail"));
  CHECK(mentions(h.body["detail"].get<std::string>(), std::string("gs://") + kBucket));
  CHECK(mentions(h.body["detail"].get<std::string>(), "HTTP 404"));
}
