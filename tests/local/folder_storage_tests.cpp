// The folder adapter of the FileStorage port (local/folder_storage.hpp):
// whole files or none, idempotent deletes, refused paths, a truthful ping.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "local/folder_storage.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<storage::FileStorage> open_in(const std::string& root) {
  local::FolderStorageOptions o;
  o.root = root;
  auto s = local::open_folder_storage(o);
  REQUIRE(s);
  return std::move(s.value());
}

}  // namespace

TEST_CASE("folder storage: put, get, replace and remove") {
  testing::TempDir dir("folder-storage");
  auto files = open_in(dir.path());
  CHECK(files->folder() == "resumes");
  CHECK_FALSE(files->bucket().has_value());
  CHECK(fs::is_directory(fs::path(dir.path()) / "resumes"));
  CHECK(files->ping());

  std::string bytes("%PDF-1.4\0binary\xff", 16);
  REQUIRE(files->put("resumes/a.pdf", bytes, "application/pdf"));
  auto back = files->get("resumes/a.pdf");
  REQUIRE(back);
  CHECK(*back == bytes);
  REQUIRE(files->put("resumes/a.pdf", "second", "application/pdf"));
  CHECK(*files->get("resumes/a.pdf") == "second");
  // Only the final file: the temporary names are renamed away.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(fs::path(dir.path()) / "resumes")) {
    CHECK(e.path().filename() == "a.pdf");
    ++entries;
  }
  CHECK(entries == 1);

  REQUIRE(files->remove("resumes/a.pdf"));
  CHECK(files->get("resumes/a.pdf").error().kind == ErrorKind::not_found);
  CHECK(files->remove("resumes/a.pdf"));  // already gone: still success
  CHECK(files->put("resumes/empty.txt", "", "text/plain"));
  CHECK(files->get("resumes/empty.txt").value().empty());
}

TEST_CASE("folder storage: unsafe paths never reach the file system") {
  testing::TempDir dir("folder-storage-paths");
  auto files = open_in(dir.path());
  for (const char* bad : {"../escape.pdf", "/tmp/x.pdf", "resumes/../../x", "resumes//x", ""}) {
    CAPTURE(bad);
    CHECK(files->put(bad, "x", "text/plain").error().kind == ErrorKind::bad_request);
    CHECK(files->get(bad).error().kind == ErrorKind::bad_request);
    CHECK(files->remove(bad).error().kind == ErrorKind::bad_request);
  }
  CHECK_FALSE(fs::exists(fs::path(dir.path()).parent_path() / "escape.pdf"));
  local::FolderStorageOptions o;
  o.root = dir.path();
  o.folder = "../outside";
  CHECK_FALSE(local::open_folder_storage(o));
}

TEST_CASE("folder storage: a folder that is gone or full fails the ping and the writes") {
  testing::TempDir dir("folder-storage-down");
  auto files = open_in(dir.path());
  fs::path folder = fs::path(dir.path()) / "resumes";
  fs::remove(folder);
  { std::ofstream(folder) << "a file where the folder was"; }
  auto ping = files->ping();
  REQUIRE_FALSE(ping);
  CHECK(ping.error().kind == ErrorKind::unavailable);
  CHECK(ping.error().message.find(folder.string()) != std::string::npos);
  CHECK(files->put("resumes/a.pdf", "x", "application/pdf").error().kind == ErrorKind::unavailable);

  // More free space asked for than any disk has: the ping says the disk is full.
  local::FolderStorageOptions o;
  o.root = dir.path();
  o.folder = "other";
  o.min_free_bytes = ~std::uint64_t(0);
  auto full = local::open_folder_storage(o);
  REQUIRE(full);
  auto st = (*full)->ping();
  REQUIRE_FALSE(st);
  CHECK(st.error().message.find("disk is full") != std::string::npos);
}
