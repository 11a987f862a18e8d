#pragma once
// The standalone stand-ins (fake-llm-server, fake-gcs-server) run until SIGINT
// or SIGTERM: the signals are blocked before any thread starts, so only
// wait_for_stop() receives them.
#include <pthread.h>
#include <signal.h>

namespace interview::testing {

inline sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

inline void wait_for_stop(const sigset_t& signals) {
  int received = 0;
  sigwait(&signals, &received);
}

}  // namespace interview::testing
