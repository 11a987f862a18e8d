#pragma once
// Message types shared by the actors (CAF 0.17: every custom type in a
// message needs an inspect overload).
#include <caf/all.hpp>

#include "actors/atoms.hpp"

#include <cstdint>
#include <string>

namespace interview::actors {

// Where a candidate stands: API.md's {user_id, status, queue_number}.
struct placement_msg {
  std::string user_id;
  std::string status;
  std::int64_t queue_number = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, placement_msg& x) {
  return f(caf::meta::type_name("placement_msg"), x.user_id, x.status, x.queue_number);
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
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_user_msg& x) {
  return f(caf::meta::type_name("new_user_msg"), x.first_name, x.last_name, x.email, x.phone,
           x.resume_text, x.resume_format);
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

}  // namespace interview::actors
