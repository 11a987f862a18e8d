#pragma once
// The TokenSource interface: where an adapter gets the bearer token for its
// Authorization header. Implementations: a fixed token (emulator), and
// CachingTokenSource over a fetcher (service account JWT grant, metadata server).
#include <string>
#include <utility>

#include "core/result.hpp"

namespace interview::gcp {

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  // An OAuth2 access token; errors never contain token or key text.
  virtual Result<std::string> token() = 0;
  // The server rejected the token (HTTP 401): drop it so the next call fetches anew.
  virtual void invalidate() {}
  // For start-up logs; never a secret ("metadata server", "service account x@y").
  virtual std::string describe() const = 0;
};

// A constant token: the emulator accepts "owner" (bypasses security rules).
class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token) : token_(std::move(token)) {}
  Result<std::string> token() override { return token_; }
  std::string describe() const override { return "static token"; }

 private:
  std::string token_;
};

}  // namespace interview::gcp
