#pragma once
// The candidate pages for the hiring team (issue 14, item 3): the query behind
// GET /admin/api/candidates and the JSON of its list items and of one
// candidate's record (profile, status, times, transcript, SWOT, who answered,
// the kept resume), shaped from users/{id} (+ in_session/{id}) by pure
// functions. Old documents (no provider on history entries, {"raw": ...} SWOTs,
// no resume_kept) are shown as they are.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lifecycle/user_status.hpp"
#include "core/result.hpp"
#include "core/store/document_store.hpp"

namespace interview::lifecycle {

inline constexpr int kDefaultCandidatePage = 50;
inline constexpr int kMaxCandidatePage = 200;

// The word clients see for a stored status: "pending" is "waiting" on the wire
// (shared/API.md, "wire word"); the others are the same.
std::string wire_status(std::string_view stored);

// One page of the candidate list: newest first, optionally one status, and
// only candidates created before `before` (the previous page's next_before).
struct CandidatePage {
  std::optional<UserStatus> status;
  int limit = kDefaultCandidatePage;
  std::optional<store::TimePoint> before;
};

// The query parameters as sent (nullopt or "": not given). status: idle,
// waiting (= pending), pending, in_session, session_over; limit: 1..200;
// before: RFC 3339 or microseconds since the epoch. Anything else: bad_request
// naming the parameter.
Result<CandidatePage> parse_candidate_page(const std::optional<std::string>& status,
                                           const std::optional<std::string>& limit,
                                           const std::optional<std::string>& before);

// users where status == X (if given) and created_at < before (if given)
// order by created_at desc take limit + 1 (the extra one tells whether a
// next page exists). Firestore: the composite index (status ASC, created_at DESC).
store::Query candidates_query(const CandidatePage& page);

// {"candidates": [item...], "limit": n, "next_before": "<RFC 3339>" | null}
// from what candidates_query returned (at most limit + 1 documents).
nlohmann::json candidate_page_json(const std::vector<store::Document>& users, int limit);

// One list item: user_id, first_name, last_name, email, phone, status (wire
// word), created_at, updated_at (RFC 3339 or null), answers (the candidate's
// history entries), swot_ready, resume_kept.
nlohmann::json candidate_list_item(const store::Document& user);

// The whole record. `storage_bucket` is the bucket of the storage this
// service serves files from (nullopt: the embedded folder): resume.available
// says whether GET .../resume can serve the kept file.
nlohmann::json candidate_detail(const store::Document& user, const std::optional<store::Document>& session,
                                const std::optional<std::string>& storage_bucket);

// The download's file name: "resume-<user id>.<extension of the path>"
// ("bin" when the path has none).
std::string resume_download_name(const std::string& user_id, std::string_view path);

// A time as the pages show it: a Timestamp (or an RFC 3339 string) as
// RFC 3339 with microseconds; another string as it is; anything else null.
nlohmann::json time_json(const nlohmann::json& value);

}  // namespace interview::lifecycle
