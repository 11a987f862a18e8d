#pragma once
// Caches a fetched access token and refreshes it before it expires, so many
// concurrent callers cause one fetch per token lifetime. Thread-safe: the
// mutex is held across the fetch, so callers arriving during a refresh wait
// for it instead of starting their own.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "gcp/auth/access_token.hpp"
#include "gcp/auth/token_source.hpp"

namespace interview::gcp {

struct TokenCacheOptions {
  // Refresh this long before expiry (Google tokens live ~1 h); for tokens
  // shorter than twice this, refresh at half their lifetime instead.
  std::chrono::seconds refresh_margin{300};
  // Injectable for tests.
  std::function<std::chrono::steady_clock::time_point()> clock = [] {
    return std::chrono::steady_clock::now();
  };
};

class CachingTokenSource final : public TokenSource {
 public:
  using Fetcher = std::function<Result<AccessToken>()>;

  CachingTokenSource(Fetcher fetch, std::string description, TokenCacheOptions options = {});

  Result<std::string> token() override;
  void invalidate() override;
  std::string describe() const override { return description_; }

 private:
  struct Cached {
    std::string value;
    std::chrono::steady_clock::time_point refresh_at;
    std::chrono::steady_clock::time_point expires_at;
  };

  Fetcher fetch_;
  std::string description_;
  TokenCacheOptions options_;
  std::mutex mu_;
  std::optional<Cached> cached_;
};

}  // namespace interview::gcp
