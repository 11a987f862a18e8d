#pragma once
// An environment variable's value, empty when unset (the gcp adapters read
// their configuration once, at start-up).
#include <cstdlib>
#include <string>

namespace interview::gcp {

inline std::string env_var(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace interview::gcp
