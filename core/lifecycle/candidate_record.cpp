#include "core/lifecycle/candidate_record.hpp"

#include <algorithm>

#include "core/lifecycle/collections.hpp"
#include "core/storage/resume_files.hpp"

namespace interview::lifecycle {
namespace {

using nlohmann::json;

json text_or_null(const store::Fields& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_string() ? *it : json(nullptr);
}

std::string text_of(const store::Fields& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json time_of(const store::Fields& f, const char* key) {
  auto it = f.find(key);
  return it == f.end() ? json(nullptr) : time_json(*it);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool given(const std::optional<std::string>& v) { return v && !v->empty(); }

const json& history_of(const store::Fields& f) {
  static const json kEmpty = json::array();
  auto it = f.find("interview_history");
  return it != f.end() && it->is_array() ? *it : kEmpty;
}

// The four lists of a stored SWOT; only strings are kept.
json swot_lists(const json& swot) {
  json out = json::object();
  for (const char* key : {"strengths", "weaknesses", "opportunities", "threats"}) {
    json list = json::array();
    if (auto it = swot.find(key); it != swot.end() && it->is_array())
      for (const auto& item : *it)
        if (item.is_string()) list.push_back(item);
    out[key] = list;
  }
  return out;
}

bool has_four_lists(const store::Fields& f) {
  auto it = f.find("swot_analysis");
  return it != f.end() && it->is_object() && it->contains("strengths");
}

// The four lists; the old backend's {"raw": "<model text>"} as it is; null when none.
json swot_of(const store::Fields& f) {
  auto it = f.find("swot_analysis");
  if (it == f.end() || !it->is_object() || it->empty()) return nullptr;
  if (it->contains("strengths")) return swot_lists(*it);
  if (auto raw = it->find("raw"); raw != it->end())
    return json{{"raw", raw->is_string() ? raw->get<std::string>() : raw->dump()}};
  return nullptr;
}

json transcript_of(const store::Fields& f) {
  json out = json::array();
  for (const auto& e : history_of(f)) {
    if (!e.is_object()) continue;
    out.push_back({{"role", text_or_null(e, "role")},
                   {"message", text_or_null(e, "message")},
                   {"question", text_or_null(e, "question")},
                   {"timestamp", time_of(e, "timestamp")},
                   {"provider", text_or_null(e, "provider")},
                   {"model", text_or_null(e, "model")}});
  }
  return out;
}

// resume_kept as stored; documents of the old backend have no such field: a
// stored path means the file was kept.
bool resume_kept(const store::Fields& f) {
  if (auto it = f.find("resume_kept"); it != f.end() && it->is_boolean()) return it->get<bool>();
  return !text_of(f, "resume_path").empty();
}

json resume_of(const store::Fields& f, const std::optional<std::string>& storage_bucket) {
  auto path = text_or_null(f, "resume_path");
  auto where = storage::locate_resume(f, storage_bucket);
  json r = {{"kept", resume_kept(f)},
            {"path", path},
            {"bucket", text_or_null(f, "resume_bucket")},
            {"content_type", path.is_string() ? json(storage::content_type_for_path(path.get<std::string>()))
                                              : json(nullptr)},
            {"available", where.path.has_value()},
            {"unavailable_reason", where.path ? json(nullptr) : json(where.reason)},
            {"removed_at", time_of(f, "resume_removed_at")},
            {"removed_reason", text_or_null(f, "resume_removed_reason")},
            {"text", text_of(f, "resume_text")}};
  return r;
}

json session_of(const std::optional<store::Document>& session) {
  if (!session) return nullptr;
  const auto& f = session->fields;
  return {{"start_time", time_of(f, "start_time")},
          {"expiry_time", time_of(f, "expiry_time")},
          {"created_at", time_of(f, "created_at")},
          {"awaiting_start", awaiting_start(*session)}};
}

}  // namespace

std::string wire_status(std::string_view stored) {
  return stored == "pending" ? std::string("waiting") : std::string(stored);
}

json time_json(const json& value) {
  if (auto t = store::as_timestamp(value)) return store::format_rfc3339(*t);
  if (value.is_string()) {
    if (auto t = store::parse_rfc3339(value.get<std::string>())) return store::format_rfc3339(*t);
    return value;
  }
  return nullptr;
}

Result<CandidatePage> parse_candidate_page(const std::optional<std::string>& status,
                                           const std::optional<std::string>& limit,
                                           const std::optional<std::string>& before) {
  CandidatePage page;
  if (given(status)) {
    auto s = *status == "waiting" ? std::optional<UserStatus>(UserStatus::pending) : parse_user_status(*status);
    if (!s)
      return make_error(ErrorKind::bad_request,
                        "status must be one of idle, waiting, pending, in_session, session_over");
    page.status = s;
  }
  if (given(limit)) {
    auto refuse = make_error(ErrorKind::bad_request,
                             "limit must be a whole number from 1 to " + std::to_string(kMaxCandidatePage));
    if (!all_digits(*limit) || limit->size() > 4) return refuse;
    int n = std::stoi(*limit);
    if (n < 1 || n > kMaxCandidatePage) return refuse;
    page.limit = n;
  }
  if (given(before)) {
    auto refuse = make_error(ErrorKind::bad_request,
                             "before must be the next_before of a previous page: an RFC 3339 time or "
                             "microseconds since the epoch");
    if (all_digits(*before)) {
      if (before->size() > 17) return refuse;  // beyond year 5000 in microseconds
      page.before = store::TimePoint(std::chrono::microseconds(std::stoll(*before)));
    } else if (auto t = store::parse_rfc3339(*before)) {
      page.before = *t;
    } else {
      return refuse;
    }
  }
  return page;
}

store::Query candidates_query(const CandidatePage& page) {
  store::Query q(kUsers);
  if (page.status) q.where("status", store::Op::eq, to_string(*page.status));
  if (page.before) q.where("created_at", store::Op::lt, store::timestamp_value(*page.before));
  q.order("created_at", store::Direction::desc).take(page.limit + 1);
  return q;
}

json candidate_list_item(const store::Document& user) {
  const auto& f = user.fields;
  auto id = text_of(f, "user_id");
  std::int64_t answers = 0;
  for (const auto& e : history_of(f))
    if (e.is_object() && e.value("role", "") == "user") ++answers;
  return {{"user_id", id.empty() ? user.id : id},
          {"first_name", text_or_null(f, "first_name")},
          {"last_name", text_or_null(f, "last_name")},
          {"email", text_or_null(f, "email")},
          {"phone", text_or_null(f, "phone")},
          {"status", wire_status(to_string(status_of(user)))},
          {"created_at", time_of(f, "created_at")},
          {"updated_at", time_of(f, "updated_at")},
          {"answers", answers},
          {"swot_ready", has_four_lists(f)},
          {"resume_kept", resume_kept(f)}};
}

json candidate_page_json(const std::vector<store::Document>& users, int limit) {
  json items = json::array();
  std::size_t shown = std::min(users.size(), static_cast<std::size_t>(std::max(limit, 0)));
  for (std::size_t i = 0; i < shown; ++i) items.push_back(candidate_list_item(users[i]));
  json next = nullptr;
  if (users.size() > shown && shown > 0) next = time_of(users[shown - 1].fields, "created_at");
  return {{"candidates", items}, {"limit", limit}, {"next_before", next}};
}

json candidate_detail(const store::Document& user, const std::optional<store::Document>& session,
                      const std::optional<std::string>& storage_bucket) {
  const auto& f = user.fields;
  auto id = text_of(f, "user_id");
  auto fallback = f.find("swot_fallback");
  return {{"user_id", id.empty() ? user.id : id},
          {"profile",
           {{"first_name", text_or_null(f, "first_name")},
            {"last_name", text_or_null(f, "last_name")},
            {"email", text_or_null(f, "email")},
            {"phone", text_or_null(f, "phone")}}},
          {"status", wire_status(to_string(status_of(user)))},
          {"created_at", time_of(f, "created_at")},
          {"updated_at", time_of(f, "updated_at")},
          {"session", session_of(session)},
          {"transcript", transcript_of(f)},
          {"swot", swot_of(f)},
          {"swot_status", text_or_null(f, "swot_status")},
          {"swot_provider", text_or_null(f, "swot_provider")},
          {"swot_model", text_or_null(f, "swot_model")},
          {"swot_fallback", fallback != f.end() && fallback->is_boolean() ? *fallback : json(nullptr)},
          {"resume", resume_of(f, storage_bucket)}};
}

std::string resume_download_name(const std::string& user_id, std::string_view path) {
  auto slash = path.rfind('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  std::string ext = dot == std::string_view::npos || dot + 1 >= name.size() ? std::string("bin")
                                                                            : std::string(name.substr(dot + 1));
  // The path passed is_safe_object_path, but the header must never carry a quote whatever it is.
  ext.erase(std::remove_if(ext.begin(), ext.end(),
                           [](char c) { return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')); }),
            ext.end());
  if (ext.empty()) ext = "bin";
  return "resume-" + user_id + "." + ext;
}

}  // namespace interview::lifecycle
