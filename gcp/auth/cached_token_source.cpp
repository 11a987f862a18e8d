#include "gcp/auth/cached_token_source.hpp"

#include <algorithm>
#include <utility>

namespace interview::gcp {

CachingTokenSource::CachingTokenSource(Fetcher fetch, std::string description,
                                       TokenCacheOptions options)
    : fetch_(std::move(fetch)), description_(std::move(description)), options_(std::move(options)) {}

Result<std::string> CachingTokenSource::token() {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = options_.clock();
  if (cached_ && now < cached_->refresh_at) return cached_->value;

  auto fetched = fetch_();
  if (!fetched) {
    // A failed early refresh is harmless while the old token is still valid.
    if (cached_ && now < cached_->expires_at) return cached_->value;
    return fetched.error();
  }
  const auto lifetime = fetched->expires_in;
  const auto margin = std::min<std::chrono::seconds>(options_.refresh_margin, lifetime / 2);
  cached_ = Cached{std::move(fetched->value), now + lifetime - margin, now + lifetime};
  return cached_->value;
}

void CachingTokenSource::invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  cached_.reset();
}

}  // namespace interview::gcp
