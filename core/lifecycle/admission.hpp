#pragma once
// Operators steer admissions live (issue 12, item 6): pause and resume, the
// live number of slots, end a candidate's session, remove a candidate from the
// queue. The settings are ONE document, config/admission, read inside every
// transaction that promotes (read_slots), so every instance agrees; each
// operator action is one transaction that also writes an admin_audit entry.
// Pure: the decisions take what a transaction read and return the writes.
#include <optional>
#include <string>

#include "core/lifecycle/decisions.hpp"

namespace interview::lifecycle {

inline const std::string kConfig = "config";
inline const std::string kAdmissionId = "admission";  // config/admission
inline const std::string kAdminAudit = "admin_audit";

// config/admission: {paused: bool, session_limit: int (absent: SESSION_LIMIT), updated_at}.
struct Admission {
  bool paused = false;
  std::optional<int> session_limit;
};
// A missing document, or fields of the wrong type, read as the defaults.
Admission admission_of(const std::optional<store::Document>& doc);
store::Fields admission_document(const Admission& a, store::TimePoint now);
// The slot count in force: the live one, else the configured one.
int live_limit(const Admission& a, const SlotRules& rules);
// Copies the settings into a snapshot read for promotion.
void apply(const Admission& a, SlotSnapshot& slots);

// Who did what, from where: admin_audit/{id} {at, action, user_id, detail, client}.
struct AuditEntry {
  std::string id;      // chosen by the caller, the same on every retry of the transaction
  std::string action;  // pause | resume | set_slots | end_session | remove_from_queue
  std::string client;  // the client address (http/client_address)
  std::string user_id; // empty for pause, resume, set_slots
};

// The largest slot count an operator may set (the SESSION_LIMIT range).
constexpr int kMaxSessionLimit = 10000;

// The result of an operator action: the plan's writes include the audit entry
// (and the settings document when it changed); plan.promoted lists whoever the
// action promoted; plan.error is set (and nothing written) for a refusal.
struct AdminPlan {
  Plan plan;
  Admission admission;  // in force after the action
};

// Pause (paused = true) or resume. Resuming promotes the next in line into
// the free slots in the same transaction; `slots` must have been read with
// the resulting settings (read_slots with an admission override).
AdminPlan decide_pause(bool paused, const Admission& current, const SlotSnapshot& slots, const AuditEntry& audit,
                       store::TimePoint now, const SlotRules& rules);
// Sets the live slot count (1..kMaxSessionLimit, else bad_request). Raising
// it promotes the next in line at once (unless paused); lowering it never
// ends a running session: the count simply stays above the limit until
// sessions end. `slots` read with the resulting settings.
AdminPlan decide_set_limit(int limit, const Admission& current, const SlotSnapshot& slots, const AuditEntry& audit,
                           store::TimePoint now, const SlotRules& rules);
// Ends a candidate's session now: the closing step's store part, as when time
// runs out (session gone, user session_over, SWOT owed), and the freed slot
// goes to the next in line. Unknown user: not_found; not in session: conflict.
// `slots` read with one slot freed.
AdminPlan decide_end_session(const std::string& user_id, const CandidateSnapshot& c, const Admission& current,
                             const SlotSnapshot& slots, const AuditEntry& audit, store::TimePoint now,
                             const SlotRules& rules);
// Removes a waiting candidate from the queue: entry gone, status back to idle
// (a later join places them at the back). Unknown user: not_found; not
// waiting: conflict.
AdminPlan decide_remove_from_queue(const std::string& user_id, const CandidateSnapshot& c, const Admission& current,
                                   const AuditEntry& audit, store::TimePoint now, const SlotRules& rules);

}  // namespace interview::lifecycle
