#pragma once
// UserDirectory workers: the blocking single-candidate store work behind
// POST /users/, GET /status and /health. A small pool of detached actors, so
// status polls run in parallel and never queue behind slot decisions. The
// workers share one LiveStatusReader (its snapshot of the waiting line).
#include <atomic>
#include <memory>
#include <vector>

#include "actors/messages.hpp"
#include "actors/request_context.hpp"
#include "actors/live_status.hpp"
#include "actors/wait_estimator.hpp"
#include "core/metrics/histogram.hpp"
#include "core/storage/file_storage.hpp"
#include "core/store/document_store.hpp"
#include "core/task_queue.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using directory_actor = caf::typed_actor<
    caf::replies_to<create_atom, new_user_msg, RequestContext>::with<created_msg>,
    caf::replies_to<status_atom, std::string>::with<placement_msg>,
    // A join for a candidate already waiting or in session, answered from
    // reads (no write transaction, O(1) whatever the queue length): the
    // current placement, or status "" when the coordinator must decide.
    caf::replies_to<placed_atom, std::string>::with<placement_msg>,
    caf::replies_to<ping_atom>::with<std::string>,
    // The resume storage answers: its description ("gs://bucket", "folder <dir>").
    caf::replies_to<storage_ping_atom>::with<std::string>,
    caf::replies_to<swot_read_atom, std::string>::with<std::string>,
    caf::replies_to<dead_letter_atom, dead_letter_msg, RequestContext>::with<std::string>,
    // {sessions in use, queue length} for operators
    caf::replies_to<slots_atom>::with<std::vector<std::int64_t>>,
    // The candidate pages for the hiring team: a page of the list and one
    // record (JSON text, core/lifecycle/candidate_record.hpp), the kept file.
    caf::replies_to<candidates_atom, candidates_msg>::with<std::string>,
    caf::replies_to<candidate_atom, std::string>::with<std::string>,
    caf::replies_to<resume_file_atom, std::string>::with<resume_file_msg>>;

// Keeping the original resume files on creation (FileStorage::put).
struct ResumeFileCounters {
  std::atomic<std::int64_t> kept{0}, failures{0};
  metrics::Histogram put_seconds{metrics::http_buckets()};
};

class DirectoryPool {
 public:
  // `liveness`: the polls of waiting candidates are recorded (ABANDON_SECONDS).
  // `resumes`: where the original resume files are kept (creation, the candidate pages).
  DirectoryPool(caf::actor_system& sys, int size, std::shared_ptr<store::DocumentStore> store,
                std::shared_ptr<storage::FileStorage> resumes, std::shared_ptr<TaskQueue> tasks,
                std::shared_ptr<QueueLiveness> liveness = nullptr, std::shared_ptr<WaitEstimator> waits = nullptr);
  // Round robin over the workers.
  const directory_actor& next();
  const std::vector<directory_actor>& workers() const { return workers_; }
  LiveStatusCounters status_counters() const { return statuses_->counters(); }
  const ResumeFileCounters& resume_files() const { return *resume_files_; }

 private:
  std::shared_ptr<LiveStatusReader> statuses_;
  std::shared_ptr<ResumeFileCounters> resume_files_ = std::make_shared<ResumeFileCounters>();
  std::vector<directory_actor> workers_;
  std::atomic<std::size_t> next_{0};
};

// Where GET /status answers came from, under "status_reads" in /stats, and
// the kept resume files, under "resume_files".
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const DirectoryPool> directory);

}  // namespace interview::actors
