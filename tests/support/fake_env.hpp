#pragma once
// An environment for the settings readers (app/config.hpp's EnvLookup) made
// of a fixed map: what is not in it is unset.
#include <map>
#include <optional>
#include <string>

#include "app/config.hpp"

namespace interview::testing {

inline EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace interview::testing
