#include "core/lifecycle/collections.hpp"

namespace interview::lifecycle {

store::Fields session_document(const std::string& user_id, store::TimePoint start,
                               store::TimePoint expiry) {
  return {{"user_id", user_id},
          {"start_time", store::timestamp_value(start)},
          {"expiry_time", store::timestamp_value(expiry)},
          {"status", "in_session"},
          {"created_at", store::timestamp_value(start)}};
}

store::Fields awaiting_session_document(const std::string& user_id, store::TimePoint given,
                                        store::TimePoint no_show_deadline) {
  auto f = session_document(user_id, given, no_show_deadline);
  f["awaiting_start"] = true;
  return f;
}

bool awaiting_start(const store::Document& session) {
  auto it = session.fields.find("awaiting_start");
  return it != session.fields.end() && it->is_boolean() && it->get<bool>();
}

std::optional<store::TimePoint> time_field(const store::Document& d, const char* field) {
  auto it = d.fields.find(field);
  if (it == d.fields.end()) return std::nullopt;
  return store::as_timestamp(*it);
}

store::Fields queue_document(const std::string& user_id) {
  return {{"user_id", user_id},
          {"created_at", store::server_timestamp()},
          {"live_created_at", store::server_timestamp()},
          {"status", "pending"}};
}

bool place_counts(const store::Document& queue_entry) { return queue_entry.fields.contains("live_created_at"); }

store::Fields user_status_fields(UserStatus status, store::TimePoint now) {
  return {{"status", to_string(status)}, {"updated_at", store::timestamp_value(now)}};
}

store::Fields user_document(const std::string& user_id, const NewCandidate& c, store::TimePoint now) {
  store::Fields f = {{"user_id", user_id},
                     {"first_name", c.first_name},
                     {"last_name", c.last_name},
                     {"email", c.email},
                     {"phone", c.phone},
                     {"resume_path", nullptr},
                     {"resume_bucket", nullptr},
                     {"resume_text", c.resume_text},
                     {"status", "idle"},
                     {"created_at", store::timestamp_value(now)},
                     {"updated_at", store::timestamp_value(now)},
                     {"interview_history", store::Fields::array()}};
  if (!c.resume_path.empty()) {
    f["resume_path"] = c.resume_path;
    if (c.resume_bucket) f["resume_bucket"] = *c.resume_bucket;
    f["resume_kept"] = true;
  }
  return f;
}

UserStatus status_of(const store::Document& user) {
  auto it = user.fields.find("status");
  if (it == user.fields.end() || !it->is_string()) return UserStatus::idle;
  return parse_user_status(it->get<std::string>()).value_or(UserStatus::idle);
}

}  // namespace interview::lifecycle
