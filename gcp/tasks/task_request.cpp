#include "gcp/tasks/task_request.hpp"

#include "gcp/auth/base64.hpp"

namespace interview::gcp {

nlohmann::json make_join_task_request(const CloudTasksConfig& config, const std::string& user_id) {
  const std::string payload = nlohmann::json{{"user_id", user_id}}.dump();
  nlohmann::json http = {{"httpMethod", "POST"},
                         {"url", config.join_url},
                         {"headers", {{"Content-Type", "application/json"}}},
                         // proto `bytes` in JSON: standard base64 with padding.
                         {"body", base64_encode(payload)}};
  if (!config.service_account.empty()) {
    nlohmann::json oidc = {{"serviceAccountEmail", config.service_account}};
    if (!config.audience.empty()) oidc["audience"] = config.audience;
    http["oidcToken"] = oidc;
  }
  return {{"task", {{"httpRequest", http}}}};
}

}  // namespace interview::gcp
