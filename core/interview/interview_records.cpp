#include "core/interview/interview_records.hpp"

#include "core/lifecycle/collections.hpp"

namespace interview::interview_flow {
namespace {

using lifecycle::kInSession;
using lifecycle::kUsers;

store::Fields history_of(const store::Document& user) {
  auto it = user.fields.find("interview_history");
  return it != user.fields.end() && it->is_array() ? *it : store::Fields::array();
}

// Runs `change` on the current user document inside a transaction.
Status update_user(store::DocumentStore& store, const std::string& user_id,
                   const std::function<std::optional<store::Fields>(const store::Document&)>& change) {
  bool missing = false;
  auto st = store.run_transaction([&](store::Transaction& tx) {
    missing = false;
    auto user = tx.get(kUsers, user_id);
    if (!user) {
      missing = true;
      return;
    }
    if (auto fields = change(*user)) tx.merge(kUsers, user_id, std::move(*fields));
  }, store::TransactionOptions{});
  if (!st) return st.error();
  if (missing) return make_error(ErrorKind::not_found, "User not found");
  return ok_status();
}

}  // namespace

Result<InterviewState> load_state(store::DocumentStore& store, const std::string& user_id) {
  auto user = store.get(kUsers, user_id);
  if (!user) return user.error();
  if (!user->has_value()) return make_error(ErrorKind::not_found, "User not found");
  auto session = store.get(kInSession, user_id);
  if (!session) return session.error();
  return read_state(user_id, **user, *session);
}

Status record_answer(store::DocumentStore& store, const std::string& user_id, const std::string& answer,
                     const std::string& question) {
  return update_user(store, user_id, [&](const store::Document& user) -> std::optional<store::Fields> {
    auto history = history_of(user);
    if (!history.empty() && history.back().value("role", "") == "user" &&
        history.back().value("message", "") == answer)
      return std::nullopt;
    auto now = store::now_micros();
    history.push_back(user_entry(answer, question, now));
    return store::Fields{{"interview_history", history}, {"updated_at", store::timestamp_value(now)}};
  });
}

Status record_turn(store::DocumentStore& store, const std::string& user_id, const llm::InterviewTurn& turn,
                   std::int64_t time_remaining) {
  return update_user(store, user_id, [&](const store::Document& user) -> std::optional<store::Fields> {
    auto history = history_of(user);
    auto now = store::now_micros();
    history.push_back(bot_entry(turn, now));
    return store::Fields{{"interview_history", history},
                         {"last_bot_response", turn.bot_response},
                         {"next_question", turn.next_question},
                         {"time_remaining", time_remaining},
                         {"updated_at", store::timestamp_value(now)}};
  });
}

bool has_swot(const store::Fields& user) {
  auto swot = user.find("swot_analysis");
  return swot != user.end() && swot->is_object() && swot->contains("strengths");
}

bool live_swot_claim(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after) {
  if (user.value("swot_status", "") != "generating") return false;
  auto at = user.find("swot_claimed_at");
  auto claimed = at == user.end() ? std::nullopt : store::as_timestamp(*at);
  return claimed && *claimed > now - stale_after;
}

SwotClaim decide_swot_claim(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after) {
  if (has_swot(user)) return SwotClaim::done;
  if (live_swot_claim(user, now, stale_after)) return SwotClaim::taken;
  return SwotClaim::claimed;
}

bool swot_owed(const store::Fields& user, store::TimePoint now, std::chrono::seconds stale_after) {
  if (has_swot(user)) return false;
  auto status = user.value("swot_status", "");
  return status == "pending" || (status == "generating" && !live_swot_claim(user, now, stale_after));
}

Result<SwotClaim> claim_swot(store::DocumentStore& store, const std::string& user_id,
                             std::chrono::seconds stale_after) {
  SwotClaim outcome = SwotClaim::taken;
  auto st = update_user(store, user_id, [&](const store::Document& user) -> std::optional<store::Fields> {
    auto now = store::now_micros();
    outcome = decide_swot_claim(user.fields, now, stale_after);
    if (outcome == SwotClaim::done && user.fields.value("swot_status", "") != "done")
      return store::Fields{{"swot_status", "done"}};  // stored, but the status said otherwise: mend it
    if (outcome != SwotClaim::claimed) return std::nullopt;
    return store::Fields{{"swot_status", "generating"}, {"swot_claimed_at", store::timestamp_value(now)}};
  });
  if (!st) return st.error();
  return outcome;
}

Status save_swot(store::DocumentStore& store, const std::string& user_id, const llm::SwotAnalysis& swot) {
  return update_user(store, user_id, [&](const store::Document& user) -> std::optional<store::Fields> {
    if (has_swot(user.fields)) return std::nullopt;
    return store::Fields{{"swot_analysis", llm::to_json(swot)},
                         {"swot_status", "done"},
                         {"swot_fallback", swot.fallback},
                         {"swot_provider", swot.provider},
                         {"swot_model", swot.model},
                         {"updated_at", store::timestamp_value(store::now_micros())}};
  });
}

Status release_swot(store::DocumentStore& store, const std::string& user_id) {
  return update_user(store, user_id, [&](const store::Document& user) -> std::optional<store::Fields> {
    if (has_swot(user.fields)) return std::nullopt;
    return store::Fields{{"swot_status", "pending"}};
  });
}

store::Query swot_owed_query(int limit) {
  return store::Query(kUsers).where("swot_status", store::Op::eq, "pending").take(limit);
}

store::Query swot_claims_query(int limit) {
  return store::Query(kUsers).where("swot_status", store::Op::eq, "generating").take(limit);
}

}  // namespace interview::interview_flow
