#include "app/adapters.hpp"

#include <filesystem>

#include "actors/in_process_task_queue.hpp"
#include "sqlite/sqlite_store.hpp"
#include "gcp/firestore/firestore_from_env.hpp"
#include "gcp/tasks/cloud_tasks_queue.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const AppConfig& cfg) {
  if (cfg.store == "firestore") {
    auto s = gcp::make_firestore_store_from_env();
    if (!s) return s.error();
    return std::shared_ptr<store::DocumentStore>(std::move(s.value()));
  }
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec) return make_error(ErrorKind::unavailable, "cannot create DATA_DIR " + cfg.data_dir + ": " + ec.message());
  store::SqliteOptions o;
  o.path = (std::filesystem::path(cfg.data_dir) / "interview.db").string();
  o.busy_timeout_ms = cfg.store_busy_timeout_ms;
  o.max_readers = cfg.status_workers + 4;
  o.indexed_fields = {"created_at", "expiry_time", "swot_status", "status"};
  auto s = store::open_sqlite_store(o);
  if (!s) return s.error();
  return std::shared_ptr<store::DocumentStore>(std::move(s.value()));
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

Result<std::shared_ptr<TaskQueue>> make_task_queue(const AppConfig& cfg, actors::coordinator_actor coordinator) {
  if (cfg.task_queue == "none") return std::shared_ptr<TaskQueue>(std::make_shared<NoTaskQueue>());
  if (cfg.task_queue == "cloud-tasks") {
    auto q = gcp::make_cloud_tasks_queue_from_env();
    if (!q) return q.error();
    return std::shared_ptr<TaskQueue>(std::move(q.value()));
  }
  return std::shared_ptr<TaskQueue>(std::make_shared<actors::InProcessTaskQueue>(std::move(coordinator)));
}

}  // namespace interview
