// The front stops with the server: however scripts/serve or one of its two
// processes ends, the other ends too and nothing is left running or listening.
#include <doctest/doctest.h>
#include <signal.h>

#include <sstream>

#include "tests/front/front_process.hpp"

using namespace interview::testing;
using namespace std::chrono_literals;

namespace {

struct Started {
  pid_t server;
  std::vector<pid_t> nginx;
};

Started started(const FrontProcess& front) {
  Started s{front.server_pid(), front.nginx_pids()};
  REQUIRE_MESSAGE(process_running(s.server), front.output());
  REQUIRE_MESSAGE(s.nginx.size() >= 2, "nginx master and worker expected:\n" << front.output());  // master + worker
  return s;
}

// Within `within`, the server and every nginx process have exited and
// neither port accepts connections.
void check_all_gone(const FrontProcess& front, const Started& s, std::chrono::milliseconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  auto left = [&] {
    std::ostringstream out;
    if (process_running(s.server)) out << " server " << s.server;
    for (pid_t p : s.nginx)
      if (process_running(p)) out << " nginx " << p;
    for (pid_t p : group_members(s.nginx.empty() ? -1 : front.nginx_pid())) out << " nginx-group " << p;
    if (port_open(front.port())) out << " port " << front.port();
    if (port_open(front.backend_port())) out << " backend port " << front.backend_port();
    return out.str();
  };
  std::string still;
  while (!(still = left()).empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  CHECK_MESSAGE(still.empty(), "still there:" << still << "\n" << front.output());
}

// SIGKILL to `victim` (the server or the nginx master): scripts/serve stops the
// rest within `timeout` and exits non-zero.
void check_killing_one_stops_all(FrontProcess& front, const Started& s, pid_t victim, std::chrono::seconds timeout) {
  kill(victim, SIGKILL);
  auto status = front.wait_exit(timeout);
  REQUIRE_MESSAGE(status, front.output());
  CHECK(*status != 0);
  check_all_gone(front, s, 1s);
}
}  // namespace

TEST_CASE("SIGTERM or SIGINT to scripts/serve stops the server, then nginx, and exits with the server's status") {
  for (int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    FrontProcess front;
    auto s = started(front);
    auto t = std::chrono::steady_clock::now();
    front.signal(sig);
    auto status = front.wait_exit(15s);
    REQUIRE_MESSAGE(status, front.output());
    MESSAGE("signal " << sig << ": scripts/serve exited " << *status << " after "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count()
                      << " ms");
    CHECK_MESSAGE(*status == 0, front.output());
    check_all_gone(front, s, 1s);
  }
}

TEST_CASE("when the server is killed, scripts/serve stops nginx and exits non-zero") {
  FrontProcess front;
  auto s = started(front);
  check_killing_one_stops_all(front, s, s.server, 15s);
}

TEST_CASE("when the nginx master is killed, scripts/serve stops the server and its orphaned workers and exits non-zero") {
  FrontProcess front;
  auto s = started(front);
  check_killing_one_stops_all(front, s, front.nginx_pid(), 20s);
}

TEST_CASE("when scripts/serve itself is killed, the server and nginx stop on their parent-death signal") {
  FrontProcess front;
  auto s = started(front);
  front.signal(SIGKILL);
  REQUIRE(front.wait_exit(5s));
  check_all_gone(front, s, 15s);
}

TEST_CASE("invalid settings stop scripts/serve before it starts anything") {
  FrontProcess front(Env{{"HTTP_HEADER_TIMEOUT_SECONDS", "20"}}, false);
  auto status = front.wait_exit(10s);
  REQUIRE_MESSAGE(status, front.output());
  CHECK(*status == 2);
  CHECK_MESSAGE(front.err().find("HTTP_HEADER_TIMEOUT_SECONDS must be an integer from 1 to 15") != std::string::npos,
                front.output());
  CHECK_FALSE(port_open(front.port()));
  CHECK_FALSE(port_open(front.backend_port()));
}

TEST_CASE("FRONT=none runs the bare server on PORT, as Cloud Run does") {
  FrontProcess front(Env{{"FRONT", "none"}}, false);
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (front.out().find("listening on") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    REQUIRE_MESSAGE(!front.wait_exit(20ms), front.output());
  }
  CHECK_MESSAGE(front.out().find("interview-server listening on http://127.0.0.1:" + std::to_string(front.port())) !=
                    std::string::npos,
                front.output());
  auto client = front.client();
  auto r = client.Get("/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Server") != "nginx");
  CHECK_FALSE(port_open(front.backend_port()));
  front.signal(SIGTERM);
  auto status = front.wait_exit(15s);
  REQUIRE(status);
  CHECK(*status == 0);
}
