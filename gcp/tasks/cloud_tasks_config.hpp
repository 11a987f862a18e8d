#pragma once
// Cloud Tasks settings. app/settings.cpp fills them from these variables (the
// adapter never reads the environment):
//   TASKS_PROJECT          default GOOGLE_CLOUD_PROJECT (required)
//   TASKS_LOCATION         default us-central1
//   TASKS_QUEUE            default interview-queue
//   TASKS_JOIN_URL         the service's POST /users/join URL (required)
//   TASKS_SERVICE_ACCOUNT  email Cloud Tasks mints the OIDC token for
//                          (optional: without it the task calls unauthenticated)
//   TASKS_OIDC_AUDIENCE    optional audience (default: Cloud Tasks uses the URL)
//   CLOUD_TASKS_BASE_URL   default https://cloudtasks.googleapis.com (tests)
#include <chrono>
#include <string>


namespace interview::gcp {

struct CloudTasksConfig {
  std::string project;
  std::string location = "us-central1";
  std::string queue = "interview-queue";
  std::string join_url;
  std::string service_account;
  std::string audience;
  std::string base_url = "https://cloudtasks.googleapis.com";
  std::chrono::milliseconds request_timeout{10000};
  int max_attempts = 4;
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_cap{2000};

  // projects/P/locations/L/queues/Q
  std::string queue_name() const;
};

}  // namespace interview::gcp
