#pragma once
// The TaskQueue port: "place this candidate later". Production: Cloud Tasks
// calling POST /users/join (gcp/tasks); embedded: an in-process message to the
// SessionCoordinator (actors/in_process_task_queue).
#include <string>

#include "core/result.hpp"

namespace interview {

class TaskQueue {
 public:
  virtual ~TaskQueue() = default;
  virtual Status enqueue_join(const std::string& user_id) = 0;
  virtual std::string name() const = 0;  // "in-process", "cloud-tasks"
};

}  // namespace interview
