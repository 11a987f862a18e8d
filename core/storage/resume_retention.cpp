#include "core/storage/resume_retention.hpp"

#include <chrono>

#include "core/lifecycle/collections.hpp"

namespace interview::storage {

std::optional<store::TimePoint> retention_cutoff(store::TimePoint now, int retention_days) {
  if (retention_days <= 0) return std::nullopt;
  return now - std::chrono::hours(24) * retention_days;
}

store::Query resume_retention_query(store::TimePoint cutoff, int limit, std::optional<store::TimePoint> from) {
  store::Query q(lifecycle::kUsers);
  q.where("resume_kept", store::Op::eq, true).where("created_at", store::Op::lt, store::timestamp_value(cutoff));
  if (from) q.where("created_at", store::Op::ge, store::timestamp_value(*from));
  return q.order("created_at", store::Direction::asc).take(limit);
}

store::TimePoint next_retention_from(const std::vector<RetentionOutcome>& batch, int limit, store::TimePoint cutoff) {
  for (const auto& c : batch)
    if (!c.done) return c.created_at;
  if (!batch.empty() && static_cast<int>(batch.size()) >= limit) return batch.back().created_at;
  return cutoff;
}

bool resume_due(const store::Fields& user, store::TimePoint cutoff) {
  if (!user.is_object()) return false;
  auto kept = user.find("resume_kept");
  if (kept == user.end() || !kept->is_boolean() || !kept->get<bool>()) return false;
  auto path = user.find("resume_path");
  if (path == user.end() || !path->is_string() || path->get<std::string>().empty()) return false;
  auto created = user.find("created_at");
  if (created == user.end()) return false;
  auto at = store::as_timestamp(*created);
  return at && *at < cutoff;
}

std::optional<store::Write> decide_resume_removal(const store::Document& user, const std::string& deleted_path,
                                                  store::TimePoint cutoff, store::TimePoint now) {
  if (!resume_due(user.fields, cutoff)) return std::nullopt;
  if (user.fields["resume_path"].get<std::string>() != deleted_path) return std::nullopt;
  store::Fields merge = {{"resume_path", nullptr},
                         {"resume_kept", false},
                         {"resume_removed_at", store::timestamp_value(now)},
                         {"resume_removed_reason", kRetentionReason}};
  return store::Write{store::Write::Kind::merge, lifecycle::kUsers, user.id, std::move(merge), true};
}

}  // namespace interview::storage
