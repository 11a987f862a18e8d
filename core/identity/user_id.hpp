#pragma once
// User ids are the candidate's only credential: 128 random bits from a
// cryptographic RNG, as 32 lowercase hex characters (the old backend's uuid4().hex).
#include <string>
#include <string_view>

namespace interview {

std::string new_user_id();  // throws std::runtime_error if the RNG fails
bool is_valid_user_id(std::string_view id);

}  // namespace interview
