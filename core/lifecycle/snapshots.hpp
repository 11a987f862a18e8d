#pragma once
// Reads the snapshots that the decisions in decisions.hpp take, inside a store
// transaction. A bounded number of store calls whatever the queue length:
// positions come from a count, never from scanning the queue.
#include "core/lifecycle/decisions.hpp"

namespace interview::lifecycle {

// users/{id}, in_session/{id}, queue/{id} and, when queued, how many are ahead.
CandidateSnapshot read_candidate(store::Transaction& tx, const std::string& user_id);

// Slots in use, the queue length and the oldest waiting candidates that would
// fill the free slots (`freed` slots about to be released count as free).
SlotSnapshot read_slots(store::Transaction& tx, const SlotRules& rules, int freed = 0);

// How many queue entries were created before this one (its position - 1).
store::Query queue_ahead_query(const store::Document& queue_entry);

}  // namespace interview::lifecycle
