#pragma once
// Creates candidates through the public API before a load run: POST /users/
// (multipart, a small plain-text resume) then POST /users/join, over a few
// keep-alive connections in parallel.
#include "net.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace crowd {

struct SeedResult {
  std::vector<std::string> user_ids;  // in creation order
  double seconds = 0;
  size_t failures = 0;       // requests that had to be retried
  std::string error;         // set when seeding could not finish
  nlohmann::ordered_json join_status;  // status word -> count, from the join answers
};

SeedResult seed_candidates(const Target& target, const std::vector<in_addr>& sources, size_t count,
                           size_t concurrency, double timeout_seconds);

// The multipart body of one candidate (exposed for tests).
std::string candidate_form(size_t i, const std::string& boundary);

}  // namespace crowd
