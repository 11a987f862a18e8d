// The forked-child runner that contains poppler: results, errors, crashes,
// endless loops and memory blow-ups all come back as values.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <algorithm>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include "resume/isolate.hpp"

using namespace interview;
using namespace interview::resume::detail;
using namespace std::chrono_literals;

namespace {
bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }
}  // namespace

TEST_SUITE("isolate") {
  TEST_CASE("the child's text comes back intact, including large payloads") {
    const std::string big(3 << 20, 'x');  // larger than a pipe buffer
    const auto r = run_isolated([&]() -> Result<std::string> { return big + "Łódź"; }, Deadline(5000ms), 1u << 30, "PDF");
    REQUIRE(r.ok());
    CHECK(*r == big + "Łódź");
  }

  TEST_CASE("the child's error comes back with its message") {
    const auto r = run_isolated([]() -> Result<std::string> { return make_error(ErrorKind::unprocessable, "PDF is damaged"); },
                                Deadline(5000ms), 1u << 30, "PDF");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unprocessable);
    CHECK(r.error().message == "PDF is damaged");
  }

  TEST_CASE("a crash in the child is a 422, not a dead server") {
    const auto r = run_isolated([]() -> Result<std::string> { std::raise(SIGSEGV); return std::string("unreached"); },
                                Deadline(5000ms), 1u << 30, "PDF");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unprocessable);
    CHECK(contains(r.error().message, "PDF could not be read"));
  }

  TEST_CASE("an endless child is killed at the deadline") {
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_isolated(
        []() -> Result<std::string> {
          volatile unsigned long spin = 0;  // volatile: an empty endless loop would be UB
          for (;;) spin = spin + 1;
        },
        Deadline(200ms), 1u << 30, "PDF");
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(r.ok());
    CHECK(contains(r.error().message, "took longer than 200 ms"));
    CHECK(took < 1500ms);
  }

  TEST_CASE("the memory cap turns a runaway allocation into a 422") {
    const auto r = run_isolated(
        []() -> Result<std::string> {
          std::vector<char> v(std::size_t{2} << 30, 'x');  // 2 GiB > 256 MiB cap: bad_alloc
          return std::string(1, v[12345]);
        },
        Deadline(5000ms), 256u << 20, "PDF");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::unprocessable);
  }

  TEST_CASE("the child keeps no inherited descriptors besides stdio and its pipe") {
    // Another thread's pipe inherited by a slow child would delay that
    // caller's EOF; server sockets do not belong in a parser process.
    const int extra[3] = {::open("/dev/null", O_RDONLY | O_CLOEXEC), ::open("/dev/null", O_RDONLY | O_CLOEXEC),
                          ::open("/dev/null", O_RDONLY | O_CLOEXEC)};
    const auto r = run_isolated(
        []() -> Result<std::string> {
          std::string fds;
          DIR* dir = ::opendir("/proc/self/fd");
          while (const dirent* e = ::readdir(dir)) {
            if (e->d_name[0] != '.' && std::atoi(e->d_name) != ::dirfd(dir)) fds += std::string(e->d_name) + " ";
          }
          ::closedir(dir);
          return fds;
        },
        Deadline(5000ms), 1u << 30, "PDF");
    for (int fd : extra) ::close(fd);
    REQUIRE(r.ok());
    CAPTURE(*r);
    CHECK(std::count(r->begin(), r->end(), ' ') <= 4);  // at most 0 1 2 and the pipe's write end
    for (int fd : extra) CHECK_FALSE(contains(" " + *r, (" " + std::to_string(fd) + " ").c_str()));
  }
}
