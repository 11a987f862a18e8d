#include "http/user_id_input.hpp"

#include "core/identity/user_id.hpp"
#include "http/json_io.hpp"
#include "ops/log_context.hpp"

namespace interview::http {

Result<std::string> checked_user_id(const std::string& id) {
  if (!is_valid_user_id(id))
    return make_error(ErrorKind::bad_request, "user_id must be 32 lowercase hexadecimal characters");
  ops::set_log_user(id);  // this request's log lines name the candidate from here on
  return id;
}

Result<std::string> user_id_field(const nlohmann::json& body) {
  auto id = string_field(body, "user_id");
  if (!id) return id.error();
  return checked_user_id(*id);
}

}  // namespace interview::http
