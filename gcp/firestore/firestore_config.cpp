#include "gcp/firestore/firestore_config.hpp"

namespace interview::gcp {

std::string FirestoreConfig::api_root() const {
  std::string root = uses_emulator()
                         ? (emulator_host.find("://") == std::string::npos ? "http://" + emulator_host
                                                                          : emulator_host)
                         : base_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root;
}

}  // namespace interview::gcp
