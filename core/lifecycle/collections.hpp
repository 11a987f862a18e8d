#pragma once
// Collection names and document shapes of the existing Firestore schema
// (shared/API.md), in one place so every writer agrees on them.
#include <optional>
#include <string>

#include "core/lifecycle/user_status.hpp"
#include "core/store/document_store.hpp"

namespace interview::lifecycle {

inline const std::string kUsers = "users";
inline const std::string kInSession = "in_session";
inline const std::string kQueue = "queue";

// in_session/{id}: start and expiry are Timestamps (a TTL policy acts on expiry_time).
store::Fields session_document(const std::string& user_id, store::TimePoint start,
                               store::TimePoint expiry);
// in_session/{id} of a candidate given the slot (promoted or placed) who has not
// called /interview/start yet: `awaiting_start` true, start_time the moment the
// slot was given, expiry_time the no-show deadline. The first /interview/start
// replaces it with session_document(start, start + the session's length), keeping
// created_at (when the slot was given).
store::Fields awaiting_session_document(const std::string& user_id, store::TimePoint given,
                                        store::TimePoint no_show_deadline);
// The session's slot is given but its interview has not started (documents
// without the field, as the old backend wrote them, have started).
bool awaiting_start(const store::Document& session);
// A Timestamp field of a document; nullopt when absent or not a timestamp.
std::optional<store::TimePoint> time_field(const store::Document& d, const char* field);
// queue/{id}: created_at is the server's commit time, which orders the queue.
// live_created_at (the same value) is there only while the place counts:
// positions and promotion read it, so a skipped (abandoned) place is neither
// counted nor promoted, and gets its created_at back as live_created_at when
// the candidate polls again. seen_at: the last poll recorded (live places only).
store::Fields queue_document(const std::string& user_id);
// The place counts (positions, promotion): it has live_created_at. Entries
// written by the old backend have not: they count from their first poll.
bool place_counts(const store::Document& queue_entry);
// The fields of users/{id} that change with a status change.
store::Fields user_status_fields(UserStatus status, store::TimePoint now);

struct NewCandidate {
  std::string first_name, last_name, email, phone, resume_text;
  std::string resume_path;                   // the kept file's path; empty: none kept
  std::optional<std::string> resume_bucket;  // Cloud Storage; nullopt: the embedded folder
};
// users/{id} as the old backend wrote it on creation (status idle, no history),
// with resume_kept true while a kept file exists (the retention rule's mark).
store::Fields user_document(const std::string& user_id, const NewCandidate& c, store::TimePoint now);

// The status field of a user document (idle when absent or unknown).
UserStatus status_of(const store::Document& user);

}  // namespace interview::lifecycle
