#include "app/adapters.hpp"

#include <filesystem>

#include "actors/in_process_task_queue.hpp"
#include "sqlite/sqlite_store.hpp"
#include "gcp/auth/google_auth.hpp"
#include "gcp/firestore/firestore_store.hpp"
#include "gcp/storage/cloud_storage.hpp"
#include "gcp/tasks/cloud_tasks_queue.hpp"
#include "local/folder_storage.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const Settings& settings) {
  const AppConfig& cfg = settings.app;
  if (cfg.store == "firestore") {
    // The emulator takes the token "owner"; Firestore itself Google credentials.
    std::shared_ptr<gcp::TokenSource> tokens = std::make_shared<gcp::StaticTokenSource>("owner");
    if (!settings.firestore.uses_emulator()) {
      auto source = gcp::make_google_token_source(settings.auth);
      if (!source) return source.error();
      tokens = source.value();
    }
    return std::shared_ptr<store::DocumentStore>(gcp::make_firestore_store(settings.firestore, std::move(tokens)));
  }
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec) return make_error(ErrorKind::unavailable, "cannot create DATA_DIR " + cfg.data_dir + ": " + ec.message());
  store::SqliteOptions o;
  o.path = (std::filesystem::path(cfg.data_dir) / "interview.db").string();
  o.busy_timeout_ms = cfg.store_busy_timeout_ms;
  o.max_readers = cfg.directory_workers + cfg.interview_store_workers + 4;
  o.indexed_fields = {"created_at", "expiry_time", "swot_status", "status", "live_created_at", "seen_at"};
  auto s = store::open_sqlite_store(o);
  if (!s) return s.error();
  return std::shared_ptr<store::DocumentStore>(std::move(s.value()));
}

Result<std::shared_ptr<storage::FileStorage>> open_resume_storage(const Settings& settings) {
  const AppConfig& cfg = settings.app;
  if (cfg.resume_storage == "cloud-storage") {
    // A local stand-in (STORAGE_EMULATOR_HOST) with no credentials named takes
    // the emulator's "owner"; otherwise Google credentials (key file, or the
    // metadata server, GCE_METADATA_HOST in tests).
    const bool anonymous = settings.storage.uses_emulator() && settings.auth.credentials_file.empty() &&
                           settings.auth.metadata_host.empty();
    std::shared_ptr<gcp::TokenSource> tokens = std::make_shared<gcp::StaticTokenSource>("owner");
    if (!anonymous) {
      auto source = gcp::make_google_token_source(settings.auth);
      if (!source) return source.error();
      tokens = source.value();
    }
    return std::shared_ptr<storage::FileStorage>(gcp::make_cloud_storage(settings.storage, std::move(tokens)));
  }
  local::FolderStorageOptions o;
  o.root = cfg.data_dir;
  auto folder = local::open_folder_storage(o);
  if (!folder) return folder.error();
  return std::shared_ptr<storage::FileStorage>(std::move(folder.value()));
}

namespace {
// TASK_QUEUE=none: creation enqueues nothing; the frontend's own call to
// POST /users/join (about 2 s after creation) places the candidate.
class NoTaskQueue final : public TaskQueue {
 public:
  Status enqueue_join(const std::string&) override { return ok_status(); }
  std::string name() const override { return "none"; }
};
}  // namespace

Result<std::shared_ptr<TaskQueue>> make_task_queue(const Settings& settings, actors::coordinator_actor coordinator) {
  const AppConfig& cfg = settings.app;
  if (cfg.task_queue == "none") return std::shared_ptr<TaskQueue>(std::make_shared<NoTaskQueue>());
  if (cfg.task_queue == "cloud-tasks") {
    auto tokens = gcp::make_google_token_source(settings.auth);
    if (!tokens) return tokens.error();
    return std::shared_ptr<TaskQueue>(gcp::make_cloud_tasks_queue(settings.tasks, tokens.value()));
  }
  return std::shared_ptr<TaskQueue>(std::make_shared<actors::InProcessTaskQueue>(std::move(coordinator)));
}

}  // namespace interview
