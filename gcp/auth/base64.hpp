#pragma once
// Base64 (RFC 4648): the standard alphabet with padding for protobuf `bytes`
// fields (Cloud Tasks bodies), the URL alphabet without padding for JWTs.
#include <optional>
#include <string>
#include <string_view>

namespace interview::gcp {

std::string base64_encode(std::string_view data);
std::string base64url_encode(std::string_view data);
// Accepts either alphabet, with or without padding; nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace interview::gcp
