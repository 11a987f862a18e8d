#include "core/lifecycle/admission.hpp"

namespace interview::lifecycle {
namespace {

using store::Write;

std::string describe(const Admission& a, const SlotRules& rules) {
  return std::string(a.paused ? "paused" : "admitting") + ", " + std::to_string(live_limit(a, rules)) + " slots";
}

store::Write audit_write(const AuditEntry& audit, const std::string& detail, store::TimePoint now) {
  store::Fields f = {{"at", store::timestamp_value(now)},
                     {"action", audit.action},
                     {"user_id", audit.user_id},
                     {"detail", detail},
                     {"client", audit.client}};
  return {Write::Kind::set, kAdminAudit, audit.id, std::move(f), {}};
}

// The settings change and whoever the new settings promote, with the audit entry.
AdminPlan change_settings(const Admission& current, const Admission& next, const SlotSnapshot& slots,
                          const AuditEntry& audit, store::TimePoint now, const SlotRules& rules) {
  AdminPlan out;
  out.admission = next;
  SlotSnapshot with_next = slots;
  apply(next, with_next);
  out.plan = decide_fill(with_next, now, rules);
  out.plan.writes.push_back({Write::Kind::set, kConfig, kAdmissionId, admission_document(next, now), {}});
  std::string detail = describe(current, rules) + " -> " + describe(next, rules);
  if (!out.plan.promoted.empty()) detail += "; promoted " + std::to_string(out.plan.promoted.size());
  out.plan.writes.push_back(audit_write(audit, detail, now));
  return out;
}

AdminPlan refused(const Admission& current, Error e) {
  AdminPlan out;
  out.admission = current;
  out.plan.error = std::move(e);
  return out;
}

}  // namespace

Admission admission_of(const std::optional<store::Document>& doc) {
  Admission a;
  if (!doc) return a;
  const auto& f = doc->fields;
  if (auto p = f.find("paused"); p != f.end() && p->is_boolean()) a.paused = p->get<bool>();
  if (auto l = f.find("session_limit"); l != f.end() && l->is_number_integer()) {
    auto n = l->get<std::int64_t>();
    if (n >= 1 && n <= kMaxSessionLimit) a.session_limit = static_cast<int>(n);
  }
  return a;
}

store::Fields admission_document(const Admission& a, store::TimePoint now) {
  store::Fields f = {{"paused", a.paused}, {"updated_at", store::timestamp_value(now)}};
  if (a.session_limit) f["session_limit"] = *a.session_limit;
  return f;
}

int live_limit(const Admission& a, const SlotRules& rules) { return a.session_limit.value_or(rules.session_limit); }

void apply(const Admission& a, SlotSnapshot& slots) {
  slots.paused = a.paused;
  slots.session_limit = a.session_limit;
}

AdminPlan decide_pause(bool paused, const Admission& current, const SlotSnapshot& slots, const AuditEntry& audit,
                       store::TimePoint now, const SlotRules& rules) {
  Admission next = current;
  next.paused = paused;
  return change_settings(current, next, slots, audit, now, rules);
}

AdminPlan decide_set_limit(int limit, const Admission& current, const SlotSnapshot& slots, const AuditEntry& audit,
                           store::TimePoint now, const SlotRules& rules) {
  if (limit < 1 || limit > kMaxSessionLimit)
    return refused(current, make_error(ErrorKind::bad_request,
                                       "limit must be a whole number from 1 to " + std::to_string(kMaxSessionLimit)));
  Admission next = current;
  next.session_limit = limit;
  return change_settings(current, next, slots, audit, now, rules);
}

AdminPlan decide_end_session(const std::string& user_id, const CandidateSnapshot& c, const Admission& current,
                             const SlotSnapshot& slots, const AuditEntry& audit, store::TimePoint now,
                             const SlotRules& rules) {
  if (!c.user) return refused(current, make_error(ErrorKind::not_found, "User not found"));
  if (!c.session) return refused(current, make_error(ErrorKind::conflict, "the candidate is not in a session"));
  AdminPlan out;
  out.admission = current;
  SlotSnapshot with_settings = slots;
  apply(current, with_settings);
  // The same writes as leaving during a session: session gone, session_over, SWOT owed, next promoted.
  out.plan = decide_exit(user_id, c, with_settings, now, rules);
  std::string detail = "session ended by an operator";
  if (!out.plan.promoted.empty()) detail += "; promoted " + out.plan.promoted.front();
  out.plan.writes.push_back(audit_write(audit, detail, now));
  return out;
}

AdminPlan decide_remove_from_queue(const std::string& user_id, const CandidateSnapshot& c, const Admission& current,
                                   const AuditEntry& audit, store::TimePoint now, const SlotRules& rules) {
  if (!c.user) return refused(current, make_error(ErrorKind::not_found, "User not found"));
  if (c.session || !c.queue_entry)
    return refused(current, make_error(ErrorKind::conflict, "the candidate is not waiting in the queue"));
  AdminPlan out;
  out.admission = current;
  out.plan = decide_exit(user_id, c, SlotSnapshot{}, now, rules);
  out.plan.writes.push_back(
      audit_write(audit, "removed from the queue at position " + std::to_string(c.queue_ahead + 1), now));
  return out;
}

}  // namespace interview::lifecycle
