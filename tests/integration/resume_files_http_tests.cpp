// The original resume file kept in the embedded default (DATA_DIR/resumes),
// through the real binary: byte-identical files named by id and detected type,
// what the users document records, nothing half-written, and a folder that
// cannot be written: creation answers 503 and stores nothing, /health turns.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;
namespace fs = std::filesystem;

namespace {

Candidate with_resume(const std::string& bytes, const std::string& client_name) {
  Candidate c;
  c.resume = bytes;
  c.resume_filename = client_name;
  return c;
}

}  // namespace

TEST_CASE("resume files: each type is kept byte-identical under the id and the detected type") {
  StoreUnderTest dir("it-resume-files");
  ServerProcess server(dir.env({{"TASK_QUEUE", "none"}}));
  auto c = server.client();
  struct Case {
    const char* fixture;
    const char* client_name;  // never used for the kept name
    const char* ext;
  };
  for (const Case& k : {Case{"resume-2page.pdf", "../../etc/passwd", "pdf"},
                        Case{"resume-python-docx.docx", "My CV (final).docx", "docx"},
                        Case{"resume-latin1.txt", "cv.pdf", "txt"}}) {
    CAPTURE(k.fixture);
    std::string bytes = resume_fixture(k.fixture);
    auto r = create_user(c, with_resume(bytes, k.client_name));
    REQUIRE_MESSAGE(r.status == 200, r.raw);
    std::string id = r.body["user_id"];
    std::string path = "resumes/" + id + "." + k.ext;
    CHECK(r.body["resume_path"] == path);
    CHECK(read_file(fs::path(dir.data_dir()) / path) == bytes);
    auto user = dir.get("users", id);
    REQUIRE(user.has_value());
    CHECK(user->fields["resume_path"] == path);
    CHECK(user->fields["resume_bucket"].is_null());
    CHECK(user->fields["resume_kept"] == true);
  }
  // Written to a temporary name and renamed: no temporary file is left behind.
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(dir.data_dir()) / "resumes")) {
    CHECK_MESSAGE(e.path().filename().string().rfind(".tmp-", 0) != 0, e.path());
    ++files;
  }
  CHECK(files == 3);
  auto h = get(c, "/health");
  CHECK(h.status == 200);
  CHECK(h.body["storage"] == "healthy");
  CHECK(h.body["storage_location"] == "folder " + (fs::path(dir.data_dir()) / "resumes").string());
}

TEST_CASE("resume files: a folder that cannot be written fails creation with 503, stores nothing, and /health says so") {
  StoreUnderTest dir("it-resume-folder-down");
  ServerProcess server(dir.env({{"TASK_QUEUE", "none"}}));
  auto c = server.client();
  std::string kept = new_user(c);
  int users_before = dir.count("users");

  // The folder replaced by a plain file: nothing can be written under it.
  fs::path folder = fs::path(dir.data_dir()) / "resumes";
  fs::path aside = fs::path(dir.data_dir()) / "resumes-aside";
  fs::rename(folder, aside);
  { std::ofstream(folder) << "not a folder"; }

  auto r = create_user(c);
  CHECK(r.status == 503);
  CHECK(r.body["detail"].get<std::string>().find("nothing was stored") != std::string::npos);
  CHECK(r.body["detail"] == r.body["message"]);
  CHECK(r.body["detail"].get<std::string>().find(dir.data_dir()) == std::string::npos);  // no server path to clients
  CHECK(dir.count("users") == users_before);

  auto h = get(c, "/health");
  CHECK(h.status == 503);
  CHECK(h.body["storage"] == "unhealthy");
  CHECK(h.body["firestore"] == "healthy");
  CHECK(h.body["detail"].get<std::string>().find("storage unhealthy: resume folder " + folder.string()) != std::string::npos);

  // Back: healthy again without a restart, and the earlier candidate's file is intact.
  fs::remove(folder);
  fs::rename(aside, folder);
  CHECK(get(c, "/health").status == 200);
  CHECK(fs::exists(folder / (kept + ".txt")));
  auto again = create_user(c);
  CHECK(again.status == 200);
  CHECK(dir.count("users") == users_before + 1);
}
