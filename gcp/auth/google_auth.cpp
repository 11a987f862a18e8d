#include "gcp/auth/google_auth.hpp"

#include "gcp/auth/metadata_server.hpp"
#include "gcp/auth/service_account.hpp"

namespace interview::gcp {
Result<std::shared_ptr<TokenSource>> make_google_token_source(const GoogleAuthConfig& config) {
  if (!config.credentials_file.empty()) {
    auto key = load_service_account_key(config.credentials_file);
    if (!key) return key.error();
    JwtGrantOptions grant;
    grant.token_url = config.token_uri;
    grant.scope = config.scope;
    std::string description = "service account " + key->client_email;
    return std::shared_ptr<TokenSource>(std::make_shared<CachingTokenSource>(
        [key = key.value(), grant] { return fetch_service_account_token(key, grant); },
        std::move(description), config.cache));
  }
  std::string base = metadata_base_url(config.metadata_host);
  return std::shared_ptr<TokenSource>(std::make_shared<CachingTokenSource>(
      [base] { return fetch_metadata_token(base); }, "metadata server " + base, config.cache));
}

}  // namespace interview::gcp
