#include "gcp/tasks/cloud_tasks_config.hpp"

namespace interview::gcp {

std::string CloudTasksConfig::queue_name() const {
  return "projects/" + project + "/locations/" + location + "/queues/" + queue;
}

}  // namespace interview::gcp
