#pragma once
// A candidate's lifecycle status as stored in users/{id}.status.
#include <optional>
#include <string>
#include <string_view>

namespace interview::lifecycle {

enum class UserStatus { idle, pending, in_session, session_over };

inline const char* to_string(UserStatus s) {
  switch (s) {
    case UserStatus::idle: return "idle";
    case UserStatus::pending: return "pending";
    case UserStatus::in_session: return "in_session";
    case UserStatus::session_over: return "session_over";
  }
  return "idle";
}

inline std::optional<UserStatus> parse_user_status(std::string_view s) {
  if (s == "idle") return UserStatus::idle;
  if (s == "pending") return UserStatus::pending;
  if (s == "in_session") return UserStatus::in_session;
  if (s == "session_over") return UserStatus::session_over;
  return std::nullopt;
}

}  // namespace interview::lifecycle
