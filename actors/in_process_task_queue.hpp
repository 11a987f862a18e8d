#pragma once
// The embedded TaskQueue: a join becomes a message to the SessionCoordinator.
#include "actors/session_coordinator.hpp"
#include "core/task_queue.hpp"

namespace interview::actors {

class InProcessTaskQueue final : public TaskQueue {
 public:
  explicit InProcessTaskQueue(coordinator_actor coordinator) : coordinator_(std::move(coordinator)) {}
  Status enqueue_join(const std::string& user_id) override {
    caf::anon_send(coordinator_, join_atom::value, user_id, this_request());
    return ok_status();
  }
  std::string name() const override { return "in-process"; }

 private:
  coordinator_actor coordinator_;
};

}  // namespace interview::actors
