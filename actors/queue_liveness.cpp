#include "actors/queue_liveness.hpp"

#include <spdlog/spdlog.h>

#include "core/lifecycle/collections.hpp"

namespace interview::actors {

using namespace lifecycle;

QueueLiveness::QueueLiveness(std::shared_ptr<store::DocumentStore> store, SlotRules rules)
    : store_(std::move(store)), rules_(rules),
      flush_after_(std::min<std::chrono::milliseconds>(std::chrono::seconds(5), liveness_interval(rules) / 2)),
      flusher_([this] { run(); }) {}

QueueLiveness::~QueueLiveness() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
}

void QueueLiveness::run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait_for(lock, flush_after_);
    auto now = store::now_micros();
    bool due = !due_.empty() && (stopping_ || oldest_due_ + flush_after_ <= now);
    if (due) {
      std::vector<store::Write> writes;
      writes.swap(due_);
      // Forget candidates not seen for two abandon times (they left or were placed).
      for (auto it = marked_.begin(); it != marked_.end();)
        it = it->second + 2 * rules_.abandon < now ? marked_.erase(it) : std::next(it);
      lock.unlock();
      flush(std::move(writes));
      lock.lock();
    }
    if (stopping_) return;
  }
}

void QueueLiveness::seen(const std::string& id, store::TimePoint now, std::optional<store::TimePoint> stored_seen) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& last = marked_[id];
  if (stored_seen && *stored_seen > last) last = *stored_seen;
  if (last + liveness_interval(rules_) > now) return;
  last = now;
  if (due_.empty()) oldest_due_ = now;
  due_.push_back({store::Write::Kind::merge, kQueue, id, {{"seen_at", store::timestamp_value(now)}}, true});
}

void QueueLiveness::maybe_flush(store::TimePoint now) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (due_.empty() || oldest_due_ + flush_after_ > now) return;
  }
  wake_.notify_one();
}

void QueueLiveness::flush(std::vector<store::Write> writes) {
  // Firestore takes at most 500 writes per commit; the embedded store takes
  // them all in one (each commit there invalidates the waiting line's snapshot).
  const std::size_t kMaxWrites = store_->has_change_token() ? writes.size() + 1 : 400;
  for (std::size_t at = 0; at < writes.size(); at += kMaxWrites) {
    std::vector<store::Write> part(writes.begin() + at, writes.begin() + std::min(writes.size(), at + kMaxWrites));
    std::int64_t sent = 0;
    if (store_->commit(part)) {
      sent = static_cast<std::int64_t>(part.size());
    } else {
      // A place promoted or left meanwhile fails its must-exist precondition
      // and the whole commit with it: one by one, the others still land.
      for (const auto& w : part)
        if (store_->commit({w})) ++sent;
    }
    std::lock_guard<std::mutex> lock(mu_);
    counters_.marks += sent;
    counters_.batches++;
  }
}

Status QueueLiveness::restore(const std::string& id) {
  bool restored = false;
  auto st = store_->run_transaction([&](store::Transaction& tx) {
    restored = false;
    auto entry = tx.get(kQueue, id);
    if (!entry) return;  // promoted or left meanwhile
    auto d = decide_seen(*entry, store::now_micros(), rules_);
    if (!d.restore || !d.write) return;
    tx.stage(*d.write);
    restored = true;
  });
  if (!st) return st;
  if (restored) {
    spdlog::info("{} is back: the waiting place counts again", id);
    std::lock_guard<std::mutex> lock(mu_);
    counters_.restores++;
    marked_[id] = store::now_micros();
  }
  return st;
}

QueueLivenessCounters QueueLiveness::counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counters_;
}

}  // namespace interview::actors
