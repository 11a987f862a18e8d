#include "gcp/tasks/cloud_tasks_config.hpp"
#include "gcp/env_var.hpp"

#include <cstdlib>

namespace interview::gcp {
namespace {
std::string env(const char* name) { return env_var(name); }
}  // namespace

std::string CloudTasksConfig::queue_name() const {
  return "projects/" + project + "/locations/" + location + "/queues/" + queue;
}

Result<CloudTasksConfig> cloud_tasks_config_from_env() {
  CloudTasksConfig c;
  c.project = env("TASKS_PROJECT");
  if (c.project.empty()) c.project = env("GOOGLE_CLOUD_PROJECT");
  if (c.project.empty()) {
    return make_error(ErrorKind::internal, "TASKS_PROJECT (or GOOGLE_CLOUD_PROJECT) is not set");
  }
  if (auto v = env("TASKS_LOCATION"); !v.empty()) c.location = v;
  if (auto v = env("TASKS_QUEUE"); !v.empty()) c.queue = v;
  c.join_url = env("TASKS_JOIN_URL");
  if (c.join_url.empty()) return make_error(ErrorKind::internal, "TASKS_JOIN_URL is not set");
  c.service_account = env("TASKS_SERVICE_ACCOUNT");
  c.audience = env("TASKS_OIDC_AUDIENCE");
  if (auto v = env("CLOUD_TASKS_BASE_URL"); !v.empty()) c.base_url = v;
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  return c;
}

}  // namespace interview::gcp
