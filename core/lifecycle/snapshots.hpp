#pragma once
// Reads the snapshots that the decisions in decisions.hpp take, inside a store
// transaction. A bounded number of store calls whatever the queue length:
// positions come from a count, never from scanning the queue.
#include "core/lifecycle/admission.hpp"
#include "core/lifecycle/decisions.hpp"

namespace interview::lifecycle {

// users/{id}, in_session/{id}, queue/{id} and, when queued, how many are ahead.
CandidateSnapshot read_candidate(store::Transaction& tx, const std::string& user_id);

// Slots in use, the queue length and the oldest waiting candidates that would
// fill the free slots (`freed` slots about to be released count as free),
// under the operators' settings: config/admission as read in this transaction,
// or `admission` when an operator action is about to change it.
SlotSnapshot read_slots(store::Transaction& tx, const SlotRules& rules, int freed = 0,
                        const std::optional<Admission>& admission = std::nullopt);
// config/admission, in a transaction.
Admission read_admission(store::Transaction& tx);

// How many queue entries are ahead of this one (its position - 1): those
// created earlier, plus those created at the same instant with a smaller id
// (queue order is created_at, then document id, as Firestore orders ties).
// Two bounded reads whatever the queue length.
std::int64_t queue_ahead(store::Transaction& tx, const store::Document& queue_entry);
Result<std::int64_t> queue_ahead(store::DocumentStore& store, const store::Document& queue_entry);
// The live 1-based position of a queued candidate; 0 when not queued.
Result<std::int64_t> queue_position(store::DocumentStore& store, const std::string& user_id);

}  // namespace interview::lifecycle
