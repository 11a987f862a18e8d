#include "actors/live_status.hpp"

#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/snapshots.hpp"

namespace interview::actors {

using namespace lifecycle;

LiveStatusReader::LiveStatusReader(std::shared_ptr<store::DocumentStore> store, std::shared_ptr<QueueLiveness> liveness)
    : store_(std::move(store)), liveness_(std::move(liveness)) {}

Result<LiveStatus> LiveStatusReader::read(const std::string& user_id, bool poll) {
  if (!poll) join_reads_++;
  if (store_->has_change_token()) {
    bool ask_again = true;
    for (int attempt = 0; attempt < 2 && ask_again; ++attempt) {
      ask_again = false;
      auto token = store_->change_token();
      if (!token) return token.error();
      if (auto snapshot = current(*token, ask_again)) {
        // A user missing from the snapshot is not pending: their status (or
        // their absence) is one read away.
        if (auto it = snapshot->pending.find(user_id); it != snapshot->pending.end() && it->second > 0) {
          if (poll) snapshot_answers_++;
          if (liveness_) {
            auto now = store::now_micros();
            liveness_->seen(user_id, now, std::nullopt);
            liveness_->maybe_flush(now);
          }
          return LiveStatus{UserStatus::pending, it->second};
        }
        break;
      }
    }
  }
  return read_store(user_id, poll);
}

std::shared_ptr<const LiveStatusReader::Snapshot> LiveStatusReader::current(std::uint64_t token, bool& ask_again) {
  std::unique_lock<std::mutex> lock(mu_);
  if (snapshot_ && snapshot_->token == token) return snapshot_;
  if (rebuilding_) {
    // Bounded: a rebuild is two index scans; past this, read the store.
    rebuilt_.wait_for(lock, std::chrono::milliseconds(100), [&] { return !rebuilding_; });
    ask_again = !rebuilding_;
    return nullptr;
  }
  rebuilding_ = true;
  lock.unlock();
  std::shared_ptr<const Snapshot> fresh;
  try {
    fresh = rebuild(token);
  } catch (const std::exception&) {
    // Out of memory building it: the waiters must not wait on a flag never cleared.
  }
  lock.lock();
  rebuilding_ = false;
  if (fresh) snapshot_ = fresh;
  rebuilt_.notify_all();
  return fresh;
}

std::shared_ptr<const LiveStatusReader::Snapshot> LiveStatusReader::rebuild(std::uint64_t token) {
  auto pending = store_->query_ids(store::Query(kUsers).where("status", store::Op::eq, to_string(UserStatus::pending)));
  if (!pending) return nullptr;
  // Queue order: created_at, then id, which is the order query_ids returns;
  // only the places that count (abandoned ones have no live_created_at).
  auto queue = store_->query_ids(store::Query(kQueue).order("live_created_at"));
  if (!queue) return nullptr;
  auto after = store_->change_token();
  if (!after || *after != token) return nullptr;  // a commit landed while reading: not a snapshot

  auto snapshot = std::make_shared<Snapshot>();
  snapshot->token = token;
  snapshot->pending.reserve(pending->size());
  for (auto& id : *pending) snapshot->pending.emplace(std::move(id), 0);
  std::int64_t position = 0;
  for (const auto& id : *queue) {
    ++position;
    if (auto it = snapshot->pending.find(id); it != snapshot->pending.end()) it->second = position;
  }
  rebuilds_++;
  return snapshot;
}

Result<LiveStatus> LiveStatusReader::read_store(const std::string& user_id, bool poll) {
  if (poll) store_answers_++;
  auto user = store_->get_fields(kUsers, user_id, {"status"});
  if (!user) return user.error();
  if (!user->has_value()) return make_error(ErrorKind::not_found, "User not found");
  UserStatus s = status_of(**user);
  if (s != UserStatus::pending) return LiveStatus{s, 0};
  auto entry = store_->get(kQueue, user_id);
  if (!entry) return entry.error();
  if (!entry->has_value()) return LiveStatus{s, 0};
  if (liveness_) {
    auto now = store::now_micros();
    if (!place_counts(**entry)) {
      // Back after being skipped: at the original place again before answering.
      if (auto st = liveness_->restore(user_id); !st) return st.error();
    } else {
      liveness_->seen(user_id, now, time_field(**entry, "seen_at"));
      liveness_->maybe_flush(now);
    }
  }
  // Counts the places that count ahead of this one's created_at.
  auto ahead = queue_ahead(*store_, **entry);
  if (!ahead) return ahead.error();
  return LiveStatus{s, *ahead + 1};
}

LiveStatusCounters LiveStatusReader::counters() const {
  return {snapshot_answers_.load(), store_answers_.load(), rebuilds_.load(), join_reads_.load()};
}

}  // namespace interview::actors
