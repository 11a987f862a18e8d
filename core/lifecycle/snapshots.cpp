#include "core/lifecycle/snapshots.hpp"

#include <algorithm>

namespace interview::lifecycle {

store::Query queue_ahead_query(const store::Document& queue_entry) {
  auto created = queue_entry.fields.value("created_at", store::Fields());
  return store::Query(kQueue).where("created_at", store::Op::lt, created);
}

CandidateSnapshot read_candidate(store::Transaction& tx, const std::string& user_id) {
  CandidateSnapshot c;
  c.user = tx.get(kUsers, user_id);
  if (!c.user) return c;
  c.session = tx.get(kInSession, user_id);
  if (c.session) return c;
  c.queue_entry = tx.get(kQueue, user_id);
  if (c.queue_entry) c.queue_ahead = tx.count(queue_ahead_query(*c.queue_entry));
  return c;
}

SlotSnapshot read_slots(store::Transaction& tx, const SlotRules& rules, int freed) {
  SlotSnapshot s;
  s.sessions_in_use = tx.count(store::Query(kInSession));
  s.queue_length = tx.count(store::Query(kQueue));
  auto free = std::max<std::int64_t>(0, rules.session_limit - s.sessions_in_use + freed);
  if (free == 0 || s.queue_length == 0) return s;
  auto head = tx.query(store::Query(kQueue).order("created_at").take(static_cast<int>(free)));
  for (auto& entry : head) {
    auto user = tx.get(kUsers, entry.id);
    s.queue_head.push_back({std::move(entry), std::move(user)});
  }
  return s;
}

}  // namespace interview::lifecycle
