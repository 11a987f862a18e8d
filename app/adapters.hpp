#pragma once
// Chooses and builds the adapters the configuration names: the DocumentStore
// (embedded SQLite or Firestore) and the TaskQueue (in-process or Cloud Tasks).
#include <memory>

#include "actors/session_coordinator.hpp"
#include "app/settings.hpp"
#include "core/store/document_store.hpp"
#include "core/task_queue.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const Settings& settings);
Result<std::shared_ptr<TaskQueue>> make_task_queue(const Settings& settings, actors::coordinator_actor coordinator);

}  // namespace interview
