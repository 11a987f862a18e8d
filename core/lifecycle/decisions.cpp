#include "core/lifecycle/decisions.hpp"

#include <algorithm>

namespace interview::lifecycle {
namespace {

using store::Write;

void start_session(Plan& plan, const std::string& user_id, store::TimePoint now,
                   const SlotRules& rules, bool was_queued) {
  // The interview's clock starts at the candidate's first /interview/start
  // (decide_begin); until then the slot is held up to the no-show deadline.
  plan.writes.push_back({Write::Kind::set, kInSession, user_id,
                         awaiting_session_document(user_id, now, now + rules.no_show), {}});
  plan.writes.push_back({Write::Kind::merge, kUsers, user_id,
                         user_status_fields(UserStatus::in_session, now), {}});
  if (was_queued) plan.writes.push_back({Write::Kind::remove, kQueue, user_id, store::Fields::object(), {}});
}

// Moves up to `slots` waiting candidates into sessions, oldest first; returns
// how many queue entries were consumed (promoted or dropped as stale).
std::int64_t promote(Plan& plan, const SlotSnapshot& snapshot, int slots, store::TimePoint now,
                     const SlotRules& rules) {
  std::int64_t consumed = 0;
  for (const auto& head : snapshot.queue_head) {
    if (slots <= 0) break;
    ++consumed;
    const std::string& id = head.entry.id;
    if (!head.user || status_of(*head.user) == UserStatus::session_over) {
      plan.writes.push_back({Write::Kind::remove, kQueue, id, store::Fields::object(), {}});
      continue;
    }
    if (place_stale(head.entry, now, rules)) {  // abandoned: skipped, not promoted
      if (auto mark = decide_abandon(head.entry, now, rules)) plan.writes.push_back(std::move(*mark));
      plan.skipped.push_back(id);
      continue;
    }
    start_session(plan, id, now, rules, true);
    plan.promoted.push_back(id);
    plan.promoted_queued_at.push_back(time_field(head.entry, "created_at").value_or(now));
    --slots;
  }
  return consumed;
}

// The session's end also records that a SWOT analysis is owed, so the janitor
// can make it for candidates who never come back.
store::Fields over_fields(store::TimePoint now) {
  auto f = user_status_fields(UserStatus::session_over, now);
  f["swot_status"] = "pending";
  return f;
}

void end_session(Plan& plan, const std::string& user_id, store::TimePoint now) {
  plan.writes.push_back({Write::Kind::remove, kInSession, user_id, store::Fields::object(), {}});
  plan.writes.push_back({Write::Kind::merge, kUsers, user_id, over_fields(now), {}});
}

Plan not_found(const std::string& user_id) {
  Plan p;
  p.placement.user_id = user_id;
  p.error = make_error(ErrorKind::not_found, "User not found");
  return p;
}

}  // namespace

int free_slots(const SlotSnapshot& slots, const SlotRules& rules) {
  if (slots.paused) return 0;
  std::int64_t limit = slots.session_limit.value_or(rules.session_limit);
  return static_cast<int>(std::max<std::int64_t>(0, limit - slots.sessions_in_use));
}

std::optional<Placement> current_placement(const std::string& user_id, const CandidateSnapshot& c) {
  if (!c.user) return std::nullopt;
  UserStatus s = status_of(*c.user);
  if (s == UserStatus::session_over) return Placement{user_id, UserStatus::session_over, 0};
  if (c.session) return Placement{user_id, UserStatus::in_session, 0};
  // In session by the user document but the session is gone (a TTL policy
  // removed it): the session is over, never a fresh placement.
  if (s == UserStatus::in_session) return Placement{user_id, UserStatus::session_over, 0};
  if (c.queue_entry) return Placement{user_id, UserStatus::pending, c.queue_ahead + 1};
  return std::nullopt;
}

Plan decide_join(const std::string& user_id, const CandidateSnapshot& c, const SlotSnapshot& slots,
                 store::TimePoint now, const SlotRules& rules) {
  if (!c.user) return not_found(user_id);
  Plan plan;
  if (auto current = current_placement(user_id, c)) {
    plan.placement = *current;
    // Record the end of a session that vanished without the user being told.
    if (current->status == UserStatus::session_over && status_of(*c.user) != UserStatus::session_over)
      plan.writes.push_back({Write::Kind::merge, kUsers, user_id, over_fields(now), {}});
    return plan;
  }
  int free = free_slots(slots, rules);
  auto consumed = promote(plan, slots, free, now, rules);
  free -= static_cast<int>(plan.promoted.size());
  // Abandoned places filled the whole head read: live ones may wait behind it,
  // so the newcomer queues rather than jump them (the janitor's fill follows).
  bool more_behind = slots.queue_head_truncated && consumed == static_cast<std::int64_t>(slots.queue_head.size());
  if (free > 0 && !more_behind) {
    start_session(plan, user_id, now, rules, false);
    plan.placement = {user_id, UserStatus::in_session, 0};
  } else {
    auto entry = queue_document(user_id);
    entry["seen_at"] = store::timestamp_value(now);
    plan.writes.push_back({Write::Kind::set, kQueue, user_id, std::move(entry), {}});
    plan.writes.push_back({Write::Kind::merge, kUsers, user_id,
                           user_status_fields(UserStatus::pending, now), {}});
    plan.placement = {user_id, UserStatus::pending, 0};
    plan.count_position = true;
  }
  return plan;
}

Plan decide_exit(const std::string& user_id, const CandidateSnapshot& c, const SlotSnapshot& slots,
                 store::TimePoint now, const SlotRules& rules) {
  if (!c.user) return not_found(user_id);
  Plan plan;
  if (c.session) {
    end_session(plan, user_id, now);
    plan.slot_given = time_field(*c.session, "created_at");
    SlotSnapshot after = slots;
    after.sessions_in_use = std::max<std::int64_t>(0, slots.sessions_in_use - 1);
    promote(plan, after, free_slots(after, rules), now, rules);
    plan.placement = {user_id, UserStatus::session_over, 0};
  } else if (c.queue_entry) {
    plan.writes.push_back({Write::Kind::remove, kQueue, user_id, store::Fields::object(), {}});
    plan.writes.push_back({Write::Kind::merge, kUsers, user_id,
                           user_status_fields(UserStatus::idle, now), {}});
    plan.placement = {user_id, UserStatus::idle, 0};
  } else {
    plan.placement = current_placement(user_id, c).value_or(Placement{user_id, status_of(*c.user), 0});
  }
  return plan;
}

Plan decide_expire(const std::string& user_id, const CandidateSnapshot& c,
                   const SlotSnapshot& slots, store::TimePoint now, const SlotRules& rules) {
  Plan plan;
  plan.placement.user_id = user_id;
  if (!c.session) return plan;
  auto it = c.session->fields.find("expiry_time");
  auto expiry = it == c.session->fields.end() ? std::nullopt : store::as_timestamp(*it);
  if (expiry && *expiry > now) {
    plan.placement.status = UserStatus::in_session;
    return plan;
  }
  // The user document may be missing (deleted); the session still ends.
  plan.writes.push_back({Write::Kind::remove, kInSession, user_id, store::Fields::object(), {}});
  plan.no_show = awaiting_start(*c.session);
  plan.slot_given = time_field(*c.session, "created_at");
  if (c.user)
    plan.writes.push_back({Write::Kind::merge, kUsers, user_id,
                           plan.no_show ? user_status_fields(UserStatus::idle, now) : over_fields(now), {}});
  SlotSnapshot after = slots;
  after.sessions_in_use = std::max<std::int64_t>(0, slots.sessions_in_use - 1);
  promote(plan, after, free_slots(after, rules), now, rules);
  plan.placement.status = plan.no_show ? UserStatus::idle : UserStatus::session_over;
  return plan;
}

Plan decide_begin(const std::string& user_id, const CandidateSnapshot& c, store::TimePoint now,
                  const SlotRules& rules) {
  if (!c.user) return not_found(user_id);
  Plan plan;
  plan.placement = current_placement(user_id, c).value_or(Placement{user_id, status_of(*c.user), 0});
  if (!c.session || plan.placement.status != UserStatus::in_session) return plan;
  if (!awaiting_start(*c.session)) {
    plan.session_expiry = time_field(*c.session, "expiry_time").value_or(store::TimePoint{});
    return plan;
  }
  auto fields = session_document(user_id, now, now + rules.session_length);
  fields["created_at"] = store::timestamp_value(time_field(*c.session, "created_at").value_or(now));
  plan.writes.push_back({Write::Kind::set, kInSession, user_id, std::move(fields), true});
  plan.session_expiry = now + rules.session_length;
  return plan;
}

std::chrono::seconds liveness_interval(const SlotRules& rules) {
  return std::max(std::chrono::seconds(1), std::min(std::chrono::seconds(60), rules.abandon / 3));
}

bool place_stale(const store::Document& entry, store::TimePoint now, const SlotRules& rules) {
  if (!place_counts(entry)) return true;
  auto seen = time_field(entry, "seen_at");
  return seen && *seen + rules.abandon <= now;
}

std::optional<store::Write> decide_abandon(const store::Document& entry, store::TimePoint now,
                                           const SlotRules& rules) {
  bool counts = place_counts(entry);
  if (counts && !place_stale(entry, now, rules)) return std::nullopt;
  if (!counts && !entry.fields.contains("seen_at")) return std::nullopt;  // already skipped
  auto fields = entry.fields;
  fields.erase("live_created_at");
  fields.erase("seen_at");
  if (counts) fields["skipped_at"] = store::timestamp_value(now);
  return Write{Write::Kind::set, kQueue, entry.id, std::move(fields), true};
}

SeenDecision decide_seen(const store::Document& entry, store::TimePoint now, const SlotRules& rules) {
  SeenDecision d;
  if (!place_counts(entry)) {
    auto fields = entry.fields;
    fields.erase("skipped_at");
    fields["live_created_at"] = fields.value("created_at", store::Fields());
    fields["seen_at"] = store::timestamp_value(now);
    d.write = Write{Write::Kind::set, kQueue, entry.id, std::move(fields), true};
    d.restore = true;
    return d;
  }
  auto seen = time_field(entry, "seen_at");
  if (!seen || *seen + liveness_interval(rules) <= now)
    d.write = Write{Write::Kind::merge, kQueue, entry.id, {{"seen_at", store::timestamp_value(now)}}, true};
  return d;
}

Plan decide_fill(const SlotSnapshot& slots, store::TimePoint now, const SlotRules& rules) {
  Plan plan;
  promote(plan, slots, free_slots(slots, rules), now, rules);
  return plan;
}

}  // namespace interview::lifecycle
