#include "gcp/storage/cloud_storage_config.hpp"

namespace interview::gcp {

std::string CloudStorageConfig::api_root() const {
  std::string root = uses_emulator()
                         ? (emulator_host.find("://") == std::string::npos ? "http://" + emulator_host : emulator_host)
                         : base_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root;
}

}  // namespace interview::gcp
