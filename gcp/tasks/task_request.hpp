#pragma once
// The tasks.create request body for "join this user":
// {"task": {"httpRequest": {"httpMethod": "POST", "url": join_url,
//   "headers": {"Content-Type": "application/json"},
//   "body": base64({"user_id": ...}),
//   "oidcToken": {"serviceAccountEmail": ..., "audience"?: ...}}}}
#include <string>

#include <nlohmann/json.hpp>

#include "gcp/tasks/cloud_tasks_config.hpp"

namespace interview::gcp {

nlohmann::json make_join_task_request(const CloudTasksConfig& config, const std::string& user_id);

}  // namespace interview::gcp
