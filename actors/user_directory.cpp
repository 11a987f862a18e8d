#include "actors/user_directory.hpp"

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "core/identity/user_id.hpp"
#include "core/lifecycle/collections.hpp"
#include "actors/live_status.hpp"

namespace interview::actors {
namespace {

using namespace interview::lifecycle;

Result<std::string> create_user(store::DocumentStore& store, const new_user_msg& m) {
  std::string id;
  NewCandidate c{m.first_name, m.last_name, m.email, m.phone, m.resume_text};
  auto st = store.run_transaction([&](store::Transaction& tx) {
    id = new_user_id();  // a fresh id on every attempt: create fails if it exists
    tx.create(kUsers, id, user_document(id, c, store::now_micros()));
  }, store::TransactionOptions{});
  if (!st) return st.error();
  return id;
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

directory_actor::behavior_type directory_worker(directory_actor::pointer self,
                                                std::shared_ptr<store::DocumentStore> store,
                                                std::shared_ptr<TaskQueue> tasks,
                                                std::shared_ptr<LiveStatusReader> statuses,
                                                std::shared_ptr<WaitEstimator> waits) {
  return {
      [=](create_atom, const new_user_msg& m, const RequestContext& rc) -> caf::result<std::string> {
        ops::ScopedLogContext scope(rc);
        auto id = create_user(*store, m);
        if (!id) return to_caf_error(id.error());
        spdlog::info("created candidate {}", *id);
        // The frontend also calls /users/join ~2 s later, so a failed enqueue
        // delays nobody: log it and answer success.
        if (auto st = tasks->enqueue_join(*id); !st)
          spdlog::warn("could not enqueue join for {} via {}: {}", *id, tasks->name(), st.error().message);
        return *id;
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
        auto r = read_swot(*store, id);
        if (!r) return to_caf_error(r.error());
        return *r;
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
                             std::shared_ptr<TaskQueue> tasks, std::shared_ptr<QueueLiveness> liveness,
                             std::shared_ptr<WaitEstimator> waits)
    : statuses_(std::make_shared<LiveStatusReader>(store, std::move(liveness))) {
  for (int i = 0; i < size; ++i)
    workers_.push_back(sys.spawn<caf::detached>(directory_worker, store, tasks, statuses_, waits));
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
}

}  // namespace interview::actors
