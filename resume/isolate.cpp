#include "resume/isolate.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define RESUME_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RESUME_ASAN 1
#endif
#endif

namespace interview::resume::detail {
namespace {

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

#ifndef RESUME_ASAN
// Address space already mapped (a threaded server reserves a lot of it for
// stacks and malloc arenas): the cap is added on top, not absolute.
std::size_t current_address_space() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128] = {};
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  return std::strtoull(buf, nullptr, 10) * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}
#endif

[[noreturn]] void child_main(int fd, const std::function<Result<std::string>()>& work, std::size_t memory_limit) {
  // Keep only stdio and our pipe: another thread's concurrent run_isolated
  // pipe inherited here would delay that caller's EOF until we exit, and the
  // server's sockets have no business in a parser process.
  if (fd > 3) ::close_range(3, static_cast<unsigned>(fd) - 1, 0);
  ::close_range(static_cast<unsigned>(fd) + 1, ~0u, 0);
  // The host's handlers (crash reporters, graceful shutdown) belong to the
  // server, not to this throwaway process: a crash here must just end it.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGPIPE}) ::signal(sig, SIG_DFL);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // a crashing reader must not dump the server's memory to disk
#ifndef RESUME_ASAN
  if (memory_limit > 0) {
    const std::size_t base = current_address_space();
    if (base > 0) {
      const rlimit limit{base + memory_limit, base + memory_limit};
      ::setrlimit(RLIMIT_AS, &limit);
    }
  }
#else
  (void)memory_limit;
#endif
  // Protocol: one tag byte ('T' text / 'E' error message), then the payload.
  std::string out;
  try {
    Result<std::string> r = work();
    out = r.ok() ? "T" + *r : "E" + r.error().message;
  } catch (...) {
    out = "E";  // parent reports a generic failure
  }
  write_all(fd, out.data(), out.size());
  ::_exit(0);  // no atexit handlers / static destructors of the parent's state
}

}  // namespace

Result<std::string> run_isolated(const std::function<Result<std::string>()>& work, const Deadline& deadline,
                                 std::size_t memory_limit, const char* what) {
  const auto fail = [&](const std::string& why) {
    return make_error(ErrorKind::unprocessable, std::string(what) + " " + why);
  };
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return make_error(ErrorKind::unavailable, "cannot start the document reader");
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return make_error(ErrorKind::unavailable, "cannot start the document reader");
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(fds[1], work, memory_limit);
  }
  ::close(fds[1]);

  std::string received;
  bool timed_out = false;
  char buf[64 * 1024];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline.remaining()).count();
    if (left <= 0) { timed_out = true; break; }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    if (ready == 0) continue;  // re-check the deadline
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child is done (or died)
    received.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  // waited < 0 (ECHILD) happens when the host ignores SIGCHLD: the payload decides.

  if (timed_out) {
    return fail("took longer than " + std::to_string(deadline.budget().count()) +
                " ms to process; upload a simpler file");
  }
  if (waited == pid && WIFSIGNALED(status)) return fail("could not be read: the reader stopped on this file (damaged?)");
  if (received.empty()) return fail("could not be read (damaged?)");
  if (received[0] == 'T') return received.substr(1);
  if (received.size() == 1) return fail("could not be read (damaged?)");
  return make_error(ErrorKind::unprocessable, received.substr(1));
}

}  // namespace interview::resume::detail
