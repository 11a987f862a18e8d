// The embedded store's disk fills up (a small tmpfs, mounted in a mount
// namespace of this test's own, filled with a file): writes answer 503 with a
// detail, /health/ready and /health say not ready while writes fail, and turn
// ready again by themselves when the space comes back, without a restart.
// Every acknowledged candidate is intact afterwards and the file passes
// PRAGMA integrity_check; nothing a 503 answered was stored. Needs
// CAP_SYS_ADMIN for the mount (root in CI); without it the test says so and
// is skipped (exit 77).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sched.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/probes.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace interview::testing;
using Clock = std::chrono::steady_clock;

namespace {

// A tmpfs of `mib` MiB at `path`, seen only by this thread and the processes it starts.
class SmallDisk {
 public:
  SmallDisk(const std::string& path, int mib) : path_(path) {
    std::filesystem::create_directories(path);
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, ("size=" + std::to_string(mib) + "m").c_str()) != 0) {
      std::cout << "skipped: cannot mount a tmpfs for the full disk (" << std::strerror(errno)
                << "; needs CAP_SYS_ADMIN)" << std::endl;
      std::exit(77);
    }
  }
  ~SmallDisk() { ::umount2(path_.c_str(), MNT_DETACH); }

  // Writes a file until the disk is full; returns the bytes written.
  std::size_t fill(const std::string& name) {
    filler_ = path_ + "/" + name;
    int fd = ::open(filler_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    std::vector<char> chunk(64 * 1024, 'x');
    std::size_t total = 0;
    while (true) {
      auto n = ::write(fd, chunk.data(), chunk.size());
      if (n <= 0) break;
      total += static_cast<std::size_t>(n);
    }
    int err = errno;
    ::close(fd);
    CHECK(err == ENOSPC);
    return total;
  }
  void free_space() { std::filesystem::remove(filler_); }

 private:
  std::string path_, filler_;
};

std::string integrity(const std::string& db_path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(s) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("disk full: writes answer 503, readiness turns and comes back when space returns; nothing acknowledged lost") {
  TempDir dir("it-disk-full");
  std::string data = dir.path() + "/disk";
  SmallDisk disk(data, 8);
  ServerProcess server({{"DATA_DIR", data}, {"LOG_LEVEL", "warn"}, {"CREATE_LIMIT_PER_MINUTE", "0"},
                        {"SESSION_LIMIT", "2"}});
  auto c = server.client();
  REQUIRE(get(c, "/health/ready").status == 200);

  std::vector<std::string> acknowledged;
  for (int i = 0; i < 5; ++i) acknowledged.push_back(new_user(c));
  for (const auto& id : acknowledged) REQUIRE(post_json(c, "/users/join", R"({"user_id":")" + id + R"("})").status == 200);

  auto filled = disk.fill("filler");
  MESSAGE("filled the 8 MiB disk with " << filled / 1024 << " KiB");
  // Readiness turns within a few seconds (at once: the store sees the free space).
  auto full_at = Clock::now();
  Reply ready;
  REQUIRE(wait_until([&] { return (ready = get(c, "/health/ready")).status == 503; }, std::chrono::seconds(5)));
  auto turned = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - full_at);
  MESSAGE("/health/ready answered 503 " << turned.count() << " ms after the disk filled: " << ready.raw);
  CHECK(ready.body["detail"].get<std::string>().find("disk is full") != std::string::npos);
  CHECK(ready.body["message"] == ready.body["detail"]);
  auto health = get(c, "/health");
  CHECK(health.status == 503);
  CHECK(health.body["firestore"] == "unhealthy");

  // Writes fail with a clear 503; any that the store still took are acknowledged ones.
  // A large resume text makes each creation need more than the journal's spare room.
  Candidate big;
  big.resume = std::string("Ada Lovelace, Kubernetes, React. ") + std::string(9000, 'r');
  int refused = 0;
  for (int i = 0; i < 20 && refused < 3; ++i) {
    auto r = create_user(c, big);
    if (r.status == 200) {
      acknowledged.push_back(r.body["user_id"].get<std::string>());
      continue;
    }
    REQUIRE_MESSAGE(r.status == 503, r.raw);
    CHECK(r.body["detail"].get<std::string>().find("cannot write: the disk is full") != std::string::npos);
    ++refused;
  }
  CHECK(refused >= 1);
  CHECK(get(c, "/health/ready").status == 503);
  // Reads still work: every acknowledged candidate answers.
  for (const auto& id : acknowledged) CHECK(get(c, "/status/" + id).status == 200);

  // Space returns: ready again by itself, and writes succeed, with no restart.
  disk.free_space();
  auto freed_at = Clock::now();
  REQUIRE(wait_until([&] { return get(c, "/health/ready").status == 200; }, std::chrono::seconds(10)));
  auto recovered = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - freed_at);
  MESSAGE("ready again " << recovered.count() << " ms after the space returned");
  CHECK(get(c, "/health").status == 200);
  for (int i = 0; i < 3; ++i) acknowledged.push_back(new_user(c, big));
  CHECK(server.running());

  REQUIRE(server.terminate() == 0);
  std::string db = data + "/interview.db";
  CHECK(integrity(db) == "ok");
  CHECK(count_documents(db, "users") == static_cast<int>(acknowledged.size()));
  // Every acknowledged candidate was placed once (creation enqueues a join): in session or queued.
  CHECK(count_documents(db, "in_session") == 2);
  CHECK(count_documents(db, "in_session") + count_documents(db, "queue") == static_cast<int>(acknowledged.size()));
  MESSAGE(acknowledged.size() << " acknowledged candidates, " << refused << " creations refused with 503");
}
