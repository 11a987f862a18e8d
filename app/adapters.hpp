#pragma once
// Chooses and builds the adapters the configuration names: the DocumentStore
// (embedded SQLite or Firestore), the TaskQueue (in-process or Cloud Tasks) and
// the FileStorage of the resume files (a folder in DATA_DIR or Cloud Storage).
#include <memory>

#include "actors/session_coordinator.hpp"
#include "app/settings.hpp"
#include "core/storage/file_storage.hpp"
#include "core/store/document_store.hpp"
#include "core/task_queue.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const Settings& settings);
Result<std::shared_ptr<storage::FileStorage>> open_resume_storage(const Settings& settings);
Result<std::shared_ptr<TaskQueue>> make_task_queue(const Settings& settings, actors::coordinator_actor coordinator);

}  // namespace interview
