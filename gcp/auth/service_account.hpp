#pragma once
// Service-account credentials (the JSON key file named by
// GOOGLE_APPLICATION_CREDENTIALS) and the OAuth2 JWT-bearer grant that
// exchanges a signed assertion for an access token.
#include <chrono>
#include <string>

#include "core/result.hpp"
#include "gcp/auth/access_token.hpp"

namespace interview::gcp {

inline constexpr const char* kDefaultTokenUri = "https://oauth2.googleapis.com/token";
inline constexpr const char* kCloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

struct ServiceAccountKey {
  std::string client_email;
  std::string private_key;  // PEM; never logged
  std::string private_key_id;
  std::string token_uri = kDefaultTokenUri;
  std::string project_id;
};

// Errors name the missing field, never a value.
Result<ServiceAccountKey> parse_service_account_key(const std::string& json_text);
Result<ServiceAccountKey> load_service_account_key(const std::string& path);

struct JwtGrantOptions {
  std::string token_url;  // where to POST; empty = key.token_uri
  std::string scope = kCloudPlatformScope;
  std::chrono::milliseconds timeout{10000};
};

// One grant: sign an assertion (aud = key.token_uri) and POST it.
Result<AccessToken> fetch_service_account_token(const ServiceAccountKey& key,
                                                const JwtGrantOptions& options);

}  // namespace interview::gcp
