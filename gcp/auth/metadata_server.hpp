#pragma once
// The Compute/Cloud Run metadata server: the attached service account's
// access token, no key file needed.
#include <chrono>
#include <string>

#include "core/result.hpp"
#include "gcp/auth/access_token.hpp"

namespace interview::gcp {

inline constexpr const char* kDefaultMetadataBase = "http://metadata.google.internal";

// "metadata.google.internal", "127.0.0.1:8080" or a full "http://..." base
// (GCE_METADATA_HOST holds a host[:port], as in Google's client libraries).
std::string metadata_base_url(const std::string& host_or_url);

// GET {base}/computeMetadata/v1/instance/service-accounts/default/token
// with Metadata-Flavor: Google.
Result<AccessToken> fetch_metadata_token(const std::string& base_url,
                                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace interview::gcp
