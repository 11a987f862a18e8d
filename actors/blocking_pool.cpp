#include "actors/blocking_pool.hpp"

namespace interview::actors {
namespace {

blocking_worker_actor::behavior_type blocking_worker() {
  return {
      [](run_atom, BlockingJob& job) {
        job.run();
        return true;
      },
  };
}

}  // namespace

BlockingPool::BlockingPool(caf::actor_system& sys, int size) {
  for (int i = 0; i < size; ++i) workers_.push_back(sys.spawn<caf::detached>(blocking_worker));
}

const blocking_worker_actor& BlockingPool::next() { return workers_[next_++ % workers_.size()]; }

}  // namespace interview::actors
