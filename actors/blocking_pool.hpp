#pragma once
// Blocking work (store calls) for actors that run on CAF's scheduler. N
// detached workers run the jobs, so at most N blocking calls run at once
// whatever the number of candidates being served or closed, and none of them
// holds one of the scheduler's threads.
//
// `await_blocking` runs a job on a worker and hands its result back on the
// calling actor's own thread. The actor awaits it: no other message of that
// actor is handled in between, so one candidate's steps stay in order.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <caf/all.hpp>

#include "actors/atoms.hpp"

namespace interview::actors {

struct BlockingJob {
  std::function<void()> run;
};

}  // namespace interview::actors

// A job is a closure: it never leaves the process, so it needs no serializer.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(interview::actors::BlockingJob)

namespace interview::actors {

using blocking_worker_actor = caf::typed_actor<caf::replies_to<run_atom, BlockingJob>::with<bool>>;

class BlockingPool {
 public:
  BlockingPool(caf::actor_system& sys, int size);
  const blocking_worker_actor& next();  // round robin
  int size() const { return static_cast<int>(workers_.size()); }

 private:
  std::vector<blocking_worker_actor> workers_;
  std::atomic<std::size_t> next_{0};
};

// Runs `work()` on a pool worker; `then(result)` or `fail(error)` runs on
// `self` afterwards. A job past `deadline` is reported as failed; it may still
// finish later, and its result is then dropped.
template <class Self, class Work, class Then, class Fail>
void await_blocking(Self* self, BlockingPool& pool, std::chrono::milliseconds deadline, Work work, Then then,
                    Fail fail) {
  using Out = decltype(work());
  auto out = std::make_shared<std::optional<Out>>();
  BlockingJob job{[out, work]() mutable { out->emplace(work()); }};
  self->request(pool.next(), deadline, run_atom::value, std::move(job))
      .await([out, then](bool) mutable { then(**out); }, [fail](caf::error& e) mutable { fail(e); });
}

}  // namespace interview::actors
