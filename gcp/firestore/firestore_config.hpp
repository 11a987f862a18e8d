#pragma once
// Where the Firestore store connects; app/settings.cpp fills it from the
// variables named at each field (the adapter never reads the environment).
#include <chrono>
#include <string>

namespace interview::gcp {

struct FirestoreConfig {
  std::string project;                 // GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT), required
  std::string database = "(default)";  // FIRESTORE_DATABASE
  // FIRESTORE_EMULATOR_HOST: host:port → http://host:port, token "owner", no OAuth.
  std::string emulator_host;
  std::string base_url = "https://firestore.googleapis.com";  // FIRESTORE_BASE_URL: the API root
  std::chrono::milliseconds request_timeout{10000};           // FIRESTORE_TIMEOUT_MS, per request
  int max_call_attempts = 4;  // retries of a single non-transactional call
  std::chrono::milliseconds backoff_base{50};
  std::chrono::milliseconds backoff_cap{2000};

  bool uses_emulator() const { return !emulator_host.empty(); }
  // The API root the requests go to (emulator or base_url).
  std::string api_root() const;
};

}  // namespace interview::gcp
