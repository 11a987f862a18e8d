#pragma once
// Where the Firestore store connects. app/settings.cpp fills it from these
// variables (the adapter never reads the environment):
//   GOOGLE_CLOUD_PROJECT     project id (required)
//   FIRESTORE_DATABASE       database id, default "(default)"
//   FIRESTORE_EMULATOR_HOST  host:port → http://host:port, token "owner"
//   FIRESTORE_BASE_URL       override the API root (default https://firestore.googleapis.com)
//   FIRESTORE_TIMEOUT_MS     per-request deadline, default 10000
#include <chrono>
#include <string>


namespace interview::gcp {

struct FirestoreConfig {
  std::string project;
  std::string database = "(default)";
  std::string emulator_host;  // non-empty → emulator, no OAuth
  std::string base_url = "https://firestore.googleapis.com";
  std::chrono::milliseconds request_timeout{10000};
  int max_call_attempts = 4;  // retries of a single non-transactional call
  std::chrono::milliseconds backoff_base{50};
  std::chrono::milliseconds backoff_cap{2000};

  bool uses_emulator() const { return !emulator_host.empty(); }
  // The API root the requests go to (emulator or base_url).
  std::string api_root() const;
};

}  // namespace interview::gcp
