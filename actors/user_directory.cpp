#include "actors/user_directory.hpp"

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "core/identity/user_id.hpp"
#include "core/lifecycle/candidate_record.hpp"
#include "core/lifecycle/collections.hpp"
#include "core/storage/resume_files.hpp"
#include "actors/live_status.hpp"

namespace interview::actors {
namespace {

using namespace interview::lifecycle;

// The original file is kept first, under a name made of the new id and the
// detected type: a failed upload stores nothing (no candidate without their
// file); a failed store write removes the file again.
Result<created_msg> create_user(store::DocumentStore& store, storage::FileStorage* resumes, const new_user_msg& m,
                                ResumeFileCounters& counters) {
  std::string id = new_user_id();
  NewCandidate c{m.first_name, m.last_name, m.email, m.phone, m.resume_text, {}, std::nullopt};
  if (resumes) {
    c.resume_path = storage::resume_object_path(resumes->folder(), id, m.resume_format);
    c.resume_bucket = resumes->bucket();
    auto started = std::chrono::steady_clock::now();
    auto kept = resumes->put(c.resume_path, m.resume_bytes, storage::content_type_for_path(c.resume_path));
    counters.put_seconds.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    (kept ? counters.kept : counters.failures)++;
    if (!kept) {
      spdlog::warn("could not keep the resume file of a new candidate in {}: {}", resumes->describe(),
                   kept.error().message);
      // The adapters' messages name no secret and no path (a bucket, a status, a full disk).
      Error e = make_error(ErrorKind::unavailable, "the resume file could not be kept right now (" +
                                                       kept.error().message + "), so nothing was stored; please retry");
      e.retry_after = kept.error().retry_after;
      return e;
    }
  }
  auto st = store.run_transaction([&](store::Transaction& tx) {
    // The id is 128 random bits: a document with it can only be this body's
    // own earlier attempt, committed although its reply was lost. Then it is done.
    if (tx.get(kUsers, id)) return;
    tx.create(kUsers, id, user_document(id, c, store::now_micros()));
  }, store::TransactionOptions{});
  if (!st) {
    if (resumes)
      if (auto removed = resumes->remove(c.resume_path); !removed)
        spdlog::warn("could not remove the resume file {} of a candidate not stored: {}", c.resume_path,
                     removed.error().message);
    return st.error();
  }
  return created_msg{id, c.resume_path};
}

// The stored SWOT as JSON text. Old data may hold {"raw": ...}: returned as is.
Result<std::string> read_swot(store::DocumentStore& store, const std::string& id) {
  auto user = store.get(kUsers, id);
  if (!user) return user.error();
  if (!user->has_value()) return make_error(ErrorKind::not_found, "User not found");
  auto it = (*user)->fields.find("swot_analysis");
  if (it == (*user)->fields.end() || !it->is_object() || it->empty())
    return make_error(ErrorKind::not_found, "SWOT analysis not yet generated");
  return it->dump();
}

// The candidate pages (/admin/api/candidates): one query per page of the list.
Result<std::string> read_candidates(store::DocumentStore& store, const candidates_msg& m) {
  CandidatePage page;
  if (!m.status.empty()) page.status = parse_user_status(m.status);
  page.limit = static_cast<int>(m.limit);
  if (m.has_before) page.before = store::TimePoint(std::chrono::microseconds(m.before_micros));
  auto users = store.query(candidates_query(page));
  if (!users) return users.error();
  return candidate_page_json(*users, page.limit).dump();
}

// One candidate's record: users/{id} and, while there is one, in_session/{id}.
Result<std::string> read_candidate(store::DocumentStore& store, const storage::FileStorage* resumes,
                                   const std::string& id) {
  auto user = store.get(kUsers, id);
  if (!user) return user.error();
  if (!user->has_value()) return make_error(ErrorKind::not_found, "User not found");
  auto session = store.get(kInSession, id);
  if (!session) return session.error();
  auto bucket = resumes ? resumes->bucket() : std::nullopt;
  return candidate_detail(**user, *session, bucket).dump();
}

// The kept file: only a path storage::locate_resume accepts reaches the storage.
Result<resume_file_msg> read_resume_file(store::DocumentStore& store, storage::FileStorage* resumes,
                                         const std::string& id) {
  auto user = store.get_fields(kUsers, id, {"resume_path", "resume_bucket", "resume_removed_at"});
  if (!user) return user.error();
  if (!user->has_value()) return make_error(ErrorKind::not_found, "User not found");
  if (!resumes) return make_error(ErrorKind::unavailable, "no resume storage is set up");
  auto where = storage::locate_resume((*user)->fields, resumes->bucket());
  if (!where.path) return make_error(ErrorKind::not_found, where.reason);
  auto bytes = resumes->get(*where.path);
  if (!bytes) {
    const auto& e = bytes.error();
    if (e.kind == ErrorKind::not_found) return make_error(ErrorKind::not_found, e.message);
    if (e.kind == ErrorKind::bad_request)
      return make_error(ErrorKind::not_found, "the stored resume path is not one this service serves");
    return make_error(ErrorKind::unavailable, e.message);  // the storage failed: retry later
  }
  return resume_file_msg{std::move(*bytes), storage::content_type_for_path(*where.path),
                         resume_download_name(id, *where.path)};
}

directory_actor::behavior_type directory_worker(directory_actor::pointer self,
                                                std::shared_ptr<store::DocumentStore> store,
                                                std::shared_ptr<storage::FileStorage> resumes,
                                                std::shared_ptr<TaskQueue> tasks,
                                                std::shared_ptr<LiveStatusReader> statuses,
                                                std::shared_ptr<WaitEstimator> waits,
                                                std::shared_ptr<ResumeFileCounters> resume_files) {
  return {
      [=](create_atom, const new_user_msg& m, const RequestContext& rc) -> caf::result<created_msg> {
        ops::ScopedLogContext scope(rc);
        auto created = create_user(*store, resumes.get(), m, *resume_files);
        if (!created) return to_caf_error(created.error());
        const std::string& id = created->user_id;
        spdlog::info("created candidate {}", id);
        // The frontend also calls /users/join ~2 s later, so a failed enqueue
        // delays nobody: log it and answer success.
        if (auto st = tasks->enqueue_join(id); !st)
          spdlog::warn("could not enqueue join for {} via {}: {}", id, tasks->name(), st.error().message);
        return *created;
      },
      [=](status_atom, const std::string& id) -> caf::result<placement_msg> {
        auto r = statuses->read(id);
        if (!r) return to_caf_error(r.error());
        placement_msg m{id, to_string(r->status), r->queue_position};
        if (waits && r->status == UserStatus::pending) m.estimated_wait_seconds = waits->estimate(r->queue_position);
        return m;
      },
      [=](placed_atom, const std::string& id) -> caf::result<placement_msg> {
        placement_msg undecided{id, "", 0};
        auto r = statuses->read(id, false);
        if (!r) return undecided;  // unknown or failing: the coordinator decides and answers
        if (r->status == UserStatus::pending && r->queue_position > 0) {
          placement_msg m{id, to_string(r->status), r->queue_position};
          if (waits) m.estimated_wait_seconds = waits->estimate(r->queue_position);
          return m;
        }
        if (r->status == UserStatus::in_session) {
          // In session only while the session exists (a TTL may have removed it: the coordinator records the end).
          auto session = store->get_fields(kInSession, id, {"user_id"});
          if (session && session->has_value()) return placement_msg{id, to_string(r->status), 0};
        }
        return undecided;
      },
      [=](swot_read_atom, const std::string& id) -> caf::result<std::string> {
        return to_caf_result(read_swot(*store, id));
      },
      [=](dead_letter_atom, const dead_letter_msg& m, const RequestContext& rc) -> caf::result<std::string> {
        ops::ScopedLogContext scope(rc);
        auto id = new_user_id();  // any unique id: dead letters are only listed
        auto st = store->commit({{store::Write::Kind::set, "dead_letters", id,
                                  {{"user_id", m.user_id},
                                   {"reason", m.reason},
                                   {"task_name", m.task_name},
                                   {"retry_count", m.retry_count},
                                   {"created_at", store::timestamp_value(store::now_micros())}},
                                  {}}});
        if (!st) return to_caf_error(st.error());
        spdlog::warn("dead letter for {}: {}", m.user_id, m.reason);
        return id;
      },
      [=](slots_atom) -> caf::result<std::vector<std::int64_t>> {
        auto in_use = store->count(store::Query(kInSession));
        if (!in_use) return to_caf_error(in_use.error());
        auto queued = store->count(store::Query(kQueue));
        if (!queued) return to_caf_error(queued.error());
        return std::vector<std::int64_t>{*in_use, *queued};
      },
      [=](candidates_atom, const candidates_msg& m) -> caf::result<std::string> {
        return to_caf_result(read_candidates(*store, m));
      },
      [=](candidate_atom, const std::string& id) -> caf::result<std::string> {
        return to_caf_result(read_candidate(*store, resumes.get(), id));
      },
      [=](resume_file_atom, const std::string& id) -> caf::result<resume_file_msg> {
        return to_caf_result(read_resume_file(*store, resumes.get(), id));
      },
      [=](storage_ping_atom) -> caf::result<std::string> {
        if (!resumes) return to_caf_error(make_error(ErrorKind::unavailable, "no resume storage is set up"));
        if (auto st = resumes->ping(); !st) return to_caf_error(st.error());
        return resumes->describe();
      },
      [=](ping_atom) -> caf::result<std::string> {
        auto st = store->ping();
        if (!st) return to_caf_error(st.error());
        return store->name();
      },
  };
}

}  // namespace

DirectoryPool::DirectoryPool(caf::actor_system& sys, int size,
                             std::shared_ptr<store::DocumentStore> store,
                             std::shared_ptr<storage::FileStorage> resumes,
                             std::shared_ptr<TaskQueue> tasks, std::shared_ptr<QueueLiveness> liveness,
                             std::shared_ptr<WaitEstimator> waits)
    : statuses_(std::make_shared<LiveStatusReader>(store, std::move(liveness))) {
  for (int i = 0; i < size; ++i)
    workers_.push_back(sys.spawn<caf::detached>(directory_worker, store, resumes, tasks, statuses_, waits, resume_files_));
}

const directory_actor& DirectoryPool::next() {
  return workers_[next_.fetch_add(1, std::memory_order_relaxed) % workers_.size()];
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const DirectoryPool> directory) {
  figures.section("status_reads", "GET /status answers by where they came from: the in-memory snapshot of the "
                                  "waiting line (embedded store) or store reads.");
  auto answers = [directory](std::int64_t LiveStatusCounters::*field) {
    return [directory, field] { return directory->status_counters().*field; };
  };
  figures.counter("status_reads.from_snapshot", "Answered from the snapshot of the waiting line.",
                  answers(&LiveStatusCounters::snapshot_answers))
      .metric("status_reads_total").family_help("GET /status answers by where they were read.").label("source", "snapshot");
  figures.counter("status_reads.from_store", "Answered by reading the store.", answers(&LiveStatusCounters::store_answers))
      .metric("status_reads_total").label("source", "store");
  figures.counter("status_reads.snapshot_rebuilds", "Snapshots of the waiting line rebuilt after a commit.",
                  answers(&LiveStatusCounters::rebuilds))
      .metric("status_snapshot_rebuilds_total");

  figures.section("resume_files", "The original resume files kept on creation (a folder in DATA_DIR or Cloud Storage).");
  figures.counter("resume_files.kept", "Resume files kept (one per candidate created).",
                  [directory] { return directory->resume_files().kept.load(); })
      .metric("resume_files_kept_total");
  figures.counter("resume_files.failures", "Resume files that could not be kept (the creation answered 503).",
                  [directory] { return directory->resume_files().failures.load(); })
      .metric("resume_files_failures_total");
  figures.add("resume_files.put_seconds", ops::FigureKind::histogram, "Time to keep one resume file, in seconds.",
              [directory] { return directory->resume_files().put_seconds.to_json(); })
      .metric("resume_file_put_seconds");
}

}  // namespace interview::actors
