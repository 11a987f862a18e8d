#pragma once
// RS256-signed JWTs (RFC 7515/7519) for the OAuth2 JWT-bearer grant.
#include <chrono>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace interview::gcp {

// Raw RSASSA-PKCS1-v1_5 SHA-256 signature of `data` with a PEM private key.
// Errors say what failed, never the key.
Result<std::string> sign_rs256(std::string_view private_key_pem, std::string_view data);

struct JwtClaims {
  std::string issuer;     // iss: the service account email
  std::string scope;      // scope: space-separated OAuth scopes
  std::string audience;   // aud: the token endpoint
  std::string key_id;     // header kid (optional)
  std::chrono::system_clock::time_point issued_at;
  std::chrono::seconds lifetime{3600};  // Google accepts at most one hour
};

// header.claims.signature, each part base64url without padding.
Result<std::string> make_signed_jwt(const JwtClaims& claims, std::string_view private_key_pem);

}  // namespace interview::gcp
