#pragma once
// Picks how this process authenticates to Google APIs (Application Default
// Credentials, the subset Cloud Run needs):
//   GOOGLE_APPLICATION_CREDENTIALS set → that service-account key (JWT grant);
//   otherwise                         → the metadata server (Cloud Run, GCE).
// Test overrides: GOOGLE_TOKEN_URI (where the grant is posted) and
// GCE_METADATA_HOST (metadata server host[:port] or base URL). app/settings.cpp
// fills GoogleAuthConfig from them; this library never reads the environment.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "gcp/auth/cached_token_source.hpp"
#include "gcp/auth/token_source.hpp"

namespace interview::gcp {

struct GoogleAuthConfig {
  std::string credentials_file;  // GOOGLE_APPLICATION_CREDENTIALS
  std::string token_uri;         // GOOGLE_TOKEN_URI (optional override)
  std::string metadata_host;     // GCE_METADATA_HOST (optional)
  std::string scope = "https://www.googleapis.com/auth/cloud-platform";
  TokenCacheOptions cache;
};

// Reads the key file now (so a bad file fails at start-up); fetches lazily.
Result<std::shared_ptr<TokenSource>> make_google_token_source(const GoogleAuthConfig& config);

}  // namespace interview::gcp
