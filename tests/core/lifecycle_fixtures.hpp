#pragma once
// Hand-made snapshots and plan probes shared by the pure-rule tests of
// core/lifecycle (lifecycle, waiting room, admission). Every document is
// read at `now` (each file passes its own instant).
#include <string>
#include <vector>

#include "core/lifecycle/decisions.hpp"

namespace interview::lifecycle::fixtures {

// A test's `using namespace interview::lifecycle::fixtures;` brings these too.
using namespace interview;
using namespace interview::lifecycle;
using store::Document;
using store::Write;

inline store::Document user_at(store::TimePoint now, const std::string& id, const std::string& status = "idle") {
  return store::Document{id, {{"user_id", id}, {"status", status}}, now};
}
inline store::Document doc_at(store::TimePoint now, const std::string& id, store::Fields f = store::Fields::object()) {
  return store::Document{id, std::move(f), now};
}
// A candidate waiting in the queue (the queue entry and the pending user).
inline QueueHead waiting_at(store::TimePoint now, const std::string& id) {
  return {doc_at(now, id, queue_document(id)), user_at(now, id, "pending")};
}

inline SlotSnapshot slots(int in_use, std::vector<QueueHead> head = {}) {
  SlotSnapshot s;
  s.sessions_in_use = in_use;
  s.queue_head = std::move(head);
  return s;
}

inline const store::Write* find_write(const Plan& p, const std::string& coll, const std::string& id) {
  for (const auto& w : p.writes)
    if (w.collection == coll && w.id == id) return &w;
  return nullptr;
}

// The status a plan writes on the user's document ("" when it writes none).
inline std::string status_written(const Plan& p, const std::string& id) {
  const store::Write* w = find_write(p, kUsers, id);
  return w ? w->fields.value("status", "") : "";
}

}  // namespace interview::lifecycle::fixtures
