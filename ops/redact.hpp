#pragma once
// Masks secrets in text bound for logs.
#include <string>
#include <string_view>

namespace interview::ops {

// Replaces with "[REDACTED]": Google API keys (AIza...), bearer tokens,
// PEM private key blocks, and the value of anything named like a key, token,
// secret or password (`key=...`, `access_token: ...`, `"x-goog-api-key": "..."`,
// `?key=...` in URLs). Over-masking is preferred to a leak.
std::string redact(std::string_view text);

}  // namespace interview::ops
