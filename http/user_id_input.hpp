#pragma once
// The candidate id as requests carry it: in the path (/status/{id}) or as the
// "user_id" field of a JSON body. Both are checked the same way, so a bad id
// gets the same 400 on every route.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace interview::http {

// 32 lowercase hexadecimal characters, or a bad_request error value.
Result<std::string> checked_user_id(const std::string& id);
// The required, checked "user_id" field of a JSON object body.
Result<std::string> user_id_field(const nlohmann::json& body);

}  // namespace interview::http
