#pragma once
// The TaskQueue port over Cloud Tasks: one tasks.create per join. Transport
// failures, 429 and 5xx are retried with backoff (config.max_attempts in
// all); then, or at once for other statuses, the result is an Error value
// (unavailable). A duplicate task is harmless: POST /users/join is idempotent.
#include <memory>

#include "core/result.hpp"
#include "core/task_queue.hpp"
#include "gcp/auth/token_source.hpp"
#include "gcp/tasks/cloud_tasks_config.hpp"

namespace interview::gcp {

std::unique_ptr<TaskQueue> make_cloud_tasks_queue(CloudTasksConfig config, std::shared_ptr<TokenSource> tokens);

}  // namespace interview::gcp
