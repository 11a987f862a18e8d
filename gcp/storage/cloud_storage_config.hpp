#pragma once
// Where the Cloud Storage adapter keeps resume files; app/settings.cpp fills
// it from the variables named at each field (the adapter never reads the
// environment).
#include <chrono>
#include <string>

namespace interview::gcp {

struct CloudStorageConfig {
  std::string bucket;            // GCS_BUCKET_NAME, required for Cloud Storage
  std::string folder = "resume"; // GCS_RESUME_FOLDER: the object prefix (the old backend's default)
  // STORAGE_EMULATOR_HOST: host:port or http://host:port → requests go there
  // (tests use a stand-in of the suite that speaks the JSON API).
  std::string emulator_host;
  std::string base_url = "https://storage.googleapis.com";  // CLOUD_STORAGE_BASE_URL: the API root
  // GCS_TIMEOUT_MS, per attempt: 3 attempts with their backoff stay within REQUEST_TIMEOUT_MS (15 s),
  // so a creation never outlives the request that asked for it.
  std::chrono::milliseconds request_timeout{4000};
  int max_call_attempts = 3;  // transport failures, 429 and 5xx are retried with backoff

  bool uses_emulator() const { return !emulator_host.empty(); }
  // The API root the requests go to: http://<emulator host> or base_url, no trailing '/'.
  std::string api_root() const;
};

}  // namespace interview::gcp
