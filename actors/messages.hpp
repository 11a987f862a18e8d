#pragma once
// Message types shared by the actors (CAF 0.17: every custom type in a
// message needs an inspect overload).
#include <caf/all.hpp>

#include "actors/atoms.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace interview::actors {

// Where a candidate stands: API.md's {user_id, status, queue_number}.
struct placement_msg {
  std::string user_id;
  std::string status;
  std::int64_t queue_number = 0;
  std::int64_t estimated_wait_seconds = 0;  // while waiting (actors/wait_estimator.hpp)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, placement_msg& x) {
  return f(caf::meta::type_name("placement_msg"), x.user_id, x.status, x.queue_number, x.estimated_wait_seconds);
}

// The result of leaving or expiring: who was promoted into the freed slot.
struct release_msg {
  std::string user_id;
  std::string status;    // the candidate's status afterwards
  std::string promoted;  // empty: nobody
  bool ended = false;    // a session was ended by this call
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, release_msg& x) {
  return f(caf::meta::type_name("release_msg"), x.user_id, x.status, x.promoted, x.ended);
}

// A validated candidate from POST /users/.
struct new_user_msg {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::string resume_text;
  std::string resume_format;  // "pdf" | "docx" | "text"
  std::string resume_bytes;   // the original file, kept before the candidate is stored
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_user_msg& x) {
  return f(caf::meta::type_name("new_user_msg"), x.first_name, x.last_name, x.email, x.phone,
           x.resume_text, x.resume_format, x.resume_bytes);
}

// A stored candidate: their id and where their file is kept (empty: none).
struct created_msg {
  std::string user_id;
  std::string resume_path;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, created_msg& x) {
  return f(caf::meta::type_name("created_msg"), x.user_id, x.resume_path);
}

// One page of GET /admin/api/candidates, validated (core/lifecycle/candidate_record.hpp).
struct candidates_msg {
  std::string status;              // the stored word; empty: every status
  std::int64_t limit = 50;
  bool has_before = false;         // only candidates created before before_micros
  std::int64_t before_micros = 0;  // since the epoch
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, candidates_msg& x) {
  return f(caf::meta::type_name("candidates_msg"), x.status, x.limit, x.has_before, x.before_micros);
}

// A kept resume file, as GET /admin/api/candidates/{id}/resume serves it.
struct resume_file_msg {
  std::string bytes;
  std::string content_type;
  std::string filename;  // resume-<user id>.<ext>
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resume_file_msg& x) {
  return f(caf::meta::type_name("resume_file_msg"), x.bytes, x.content_type, x.filename);
}

// A Cloud Tasks delivery that will not succeed, kept for operators.
struct dead_letter_msg {
  std::string user_id;
  std::string reason;
  std::string task_name;
  std::int64_t retry_count = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dead_letter_msg& x) {
  return f(caf::meta::type_name("dead_letter_msg"), x.user_id, x.reason, x.task_name, x.retry_count);
}

// An operator action from /admin/api (core/lifecycle/admission.hpp).
struct admin_msg {
  std::string action;   // pause | resume | set_slots | end_session | remove_from_queue
  std::string user_id;  // end_session, remove_from_queue
  std::int64_t limit = 0;  // set_slots
  std::string client;   // the operator's client address, for the audit entry
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, admin_msg& x) {
  return f(caf::meta::type_name("admin_msg"), x.action, x.user_id, x.limit, x.client);
}

// The admission settings after an action (or as read), and whom it promoted.
struct admission_msg {
  bool paused = false;
  std::int64_t session_limit = 0;     // in force (live, else configured)
  std::int64_t configured_limit = 0;  // SESSION_LIMIT of this instance
  bool live_limit_set = false;        // an operator set the slot count
  std::int64_t sessions_in_use = -1;  // -1: not read
  std::vector<std::string> promoted;
  std::string audit_id;  // the audit entry an action wrote
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, admission_msg& x) {
  return f(caf::meta::type_name("admission_msg"), x.paused, x.session_limit, x.configured_limit, x.live_limit_set,
           x.sessions_in_use, x.promoted, x.audit_id);
}

}  // namespace interview::actors
