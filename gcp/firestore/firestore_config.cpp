#include "gcp/firestore/firestore_config.hpp"
#include "gcp/env_var.hpp"

#include <cstdlib>

namespace interview::gcp {
namespace {
std::string env(const char* name) { return env_var(name); }
}  // namespace

std::string FirestoreConfig::api_root() const {
  std::string root = uses_emulator()
                         ? (emulator_host.find("://") == std::string::npos ? "http://" + emulator_host
                                                                          : emulator_host)
                         : base_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root;
}

Result<FirestoreConfig> firestore_config_from_env() {
  FirestoreConfig c;
  c.project = env("GOOGLE_CLOUD_PROJECT");
  if (c.project.empty()) c.project = env("GCLOUD_PROJECT");
  if (c.project.empty()) {
    return make_error(ErrorKind::internal, "GOOGLE_CLOUD_PROJECT is not set (needed for Firestore)");
  }
  if (auto db = env("FIRESTORE_DATABASE"); !db.empty()) c.database = db;
  c.emulator_host = env("FIRESTORE_EMULATOR_HOST");
  if (auto base = env("FIRESTORE_BASE_URL"); !base.empty()) c.base_url = base;
  if (auto t = env("FIRESTORE_TIMEOUT_MS"); !t.empty()) {
    try {
      long ms = std::stol(t);
      if (ms > 0) c.request_timeout = std::chrono::milliseconds(ms);
    } catch (const std::exception&) {
      return make_error(ErrorKind::internal, "FIRESTORE_TIMEOUT_MS is not a number");
    }
  }
  return c;
}

}  // namespace interview::gcp
