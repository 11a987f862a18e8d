#include "core/lifecycle/snapshots.hpp"

#include <algorithm>

namespace interview::lifecycle {

namespace {

store::Fields created_at(const store::Document& entry) { return entry.fields.value("created_at", store::Fields()); }

std::int64_t smaller_ids(const std::vector<store::Document>& same_instant, const std::string& id) {
  std::int64_t n = 0;
  for (const auto& d : same_instant) n += d.id < id ? 1 : 0;
  return n;
}

}  // namespace

// Only counting places (live_created_at) are ahead of anyone: abandoned ones are skipped.
constexpr const char* kLiveOrder = "live_created_at";
// Places read beyond the free slots, so promotion can pass over abandoned ones.
constexpr int kHeadSpare = 3;

std::int64_t queue_ahead(store::Transaction& tx, const store::Document& entry) {
  auto t = created_at(entry);
  return tx.count(store::Query(kQueue).where(kLiveOrder, store::Op::lt, t)) +
         smaller_ids(tx.query(store::Query(kQueue).where(kLiveOrder, store::Op::eq, t)), entry.id);
}

Result<std::int64_t> queue_ahead(store::DocumentStore& store, const store::Document& entry) {
  auto t = created_at(entry);
  auto before = store.count(store::Query(kQueue).where(kLiveOrder, store::Op::lt, t));
  if (!before) return before.error();
  if (store.unique_commit_times()) return *before;
  auto ties = store.query(store::Query(kQueue).where(kLiveOrder, store::Op::eq, t));
  if (!ties) return ties.error();
  return *before + smaller_ids(*ties, entry.id);
}

Result<std::int64_t> queue_position(store::DocumentStore& store, const std::string& user_id) {
  auto entry = store.get(kQueue, user_id);
  if (!entry) return entry.error();
  if (!entry->has_value()) return std::int64_t{0};
  auto ahead = queue_ahead(store, **entry);
  if (!ahead) return ahead.error();
  return *ahead + 1;
}

CandidateSnapshot read_candidate(store::Transaction& tx, const std::string& user_id) {
  CandidateSnapshot c;
  c.user = tx.get(kUsers, user_id);
  if (!c.user) return c;
  c.session = tx.get(kInSession, user_id);
  if (c.session) return c;
  c.queue_entry = tx.get(kQueue, user_id);
  if (c.queue_entry) c.queue_ahead = queue_ahead(tx, *c.queue_entry);
  return c;
}

Admission read_admission(store::Transaction& tx) { return admission_of(tx.get(kConfig, kAdmissionId)); }

SlotSnapshot read_slots(store::Transaction& tx, const SlotRules& rules, int freed,
                        const std::optional<Admission>& admission) {
  SlotSnapshot s;
  apply(admission ? *admission : read_admission(tx), s);
  s.sessions_in_use = tx.count(store::Query(kInSession));
  auto free = s.paused ? 0 : std::max<std::int64_t>(0, s.session_limit.value_or(rules.session_limit) - s.sessions_in_use + freed);
  if (free == 0) return s;
  int want = static_cast<int>(free) + kHeadSpare;
  auto head = tx.query(store::Query(kQueue).order(kLiveOrder).take(want));
  s.queue_head_truncated = static_cast<int>(head.size()) == want;
  for (auto& entry : head) {
    auto user = tx.get(kUsers, entry.id);
    s.queue_head.push_back({std::move(entry), std::move(user)});
  }
  return s;
}

}  // namespace interview::lifecycle
