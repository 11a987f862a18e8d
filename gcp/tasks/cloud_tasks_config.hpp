#pragma once
// Cloud Tasks settings; app/settings.cpp fills them from the variables named
// at each field (the adapter never reads the environment).
#include <chrono>
#include <string>

namespace interview::gcp {

struct CloudTasksConfig {
  std::string project;                     // TASKS_PROJECT, else GOOGLE_CLOUD_PROJECT (required)
  std::string location = "us-central1";    // TASKS_LOCATION
  std::string queue = "interview-queue";   // TASKS_QUEUE
  std::string join_url;                    // TASKS_JOIN_URL: the service's POST /users/join (required)
  // TASKS_SERVICE_ACCOUNT: the email Cloud Tasks mints the OIDC token for
  // (optional: without it the task calls unauthenticated).
  std::string service_account;
  std::string audience;                    // TASKS_OIDC_AUDIENCE (default: Cloud Tasks uses the URL)
  std::string base_url = "https://cloudtasks.googleapis.com";  // CLOUD_TASKS_BASE_URL (tests)
  std::chrono::milliseconds request_timeout{10000};
  int max_attempts = 4;
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_cap{2000};

  // projects/P/locations/L/queues/Q
  std::string queue_name() const;
};

}  // namespace interview::gcp
