#include "actors/wait_estimator.hpp"

#include <numeric>

#include "core/lifecycle/admission.hpp"
#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/wait_estimate.hpp"
#include "actors/janitor.hpp"
#include "actors/queue_liveness.hpp"
#include "actors/user_directory.hpp"

namespace interview::actors {
namespace {

constexpr std::size_t kRecent = 20;  // ended sessions in the mean
constexpr auto kReadEvery = std::chrono::seconds(1);

// Join-to-promotion waits: seconds to hours.
std::vector<double> wait_buckets() { return {5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200}; }

}  // namespace

WaitEstimator::WaitEstimator(std::shared_ptr<store::DocumentStore> store, lifecycle::SlotRules rules)
    : store_(std::move(store)), rules_(rules), waits_(wait_buckets()) {}

void WaitEstimator::slot_freed(std::chrono::microseconds held) {
  std::lock_guard<std::mutex> lock(mu_);
  recent_.push_back(std::max(0.0, std::chrono::duration<double>(held).count()));
  if (recent_.size() > kRecent) recent_.pop_front();
  read_at_ = {};  // the slots changed: read them on the next estimate
}

void WaitEstimator::promoted(std::chrono::microseconds waited) {
  waits_.observe(std::max(0.0, std::chrono::duration<double>(waited).count()));
  std::lock_guard<std::mutex> lock(mu_);
  read_at_ = {};
}

double WaitEstimator::mean_session_seconds() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (recent_.empty()) return static_cast<double>(rules_.session_length.count());
  return std::accumulate(recent_.begin(), recent_.end(), 0.0) / static_cast<double>(recent_.size());
}

Result<std::pair<std::int64_t, std::int64_t>> WaitEstimator::queue_lengths() const {
  auto all = store_->count(store::Query(lifecycle::kQueue));
  if (!all) return all.error();
  auto live = store_->count(
      store::Query(lifecycle::kQueue).where("live_created_at", store::Op::ge, store::timestamp_value(store::TimePoint{})));
  if (!live) return live.error();
  return std::make_pair(*live, std::max<std::int64_t>(0, *all - *live));
}

std::int64_t WaitEstimator::estimate(std::int64_t position) {
  if (position <= 0) return 0;
  auto now = std::chrono::steady_clock::now();
  bool read = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!reading_ && now - read_at_ >= kReadEvery) reading_ = read = true;
  }
  if (read) {
    // Outside the lock: other callers use the last view meanwhile.
    auto docs = store_->query(store::Query(lifecycle::kInSession).take(std::max(1, rules_.session_limit) * 2 + 10));
    // The operators' pause and live slot count (config/admission) change the estimate.
    auto settings = store_->get(lifecycle::kConfig, lifecycle::kAdmissionId);
    std::lock_guard<std::mutex> lock(mu_);
    reading_ = false;
    if (docs && settings) {
      sessions_ = std::move(*docs);
      admission_ = lifecycle::admission_of(*settings);
      read_at_ = now;
    }
  }
  double mean = mean_session_seconds();
  lifecycle::WaitInputs in;
  in.mean_session_seconds = mean;
  auto at = store::now_micros();
  {
    std::lock_guard<std::mutex> lock(mu_);
    in.slots = lifecycle::live_limit(admission_, rules_);  // raised below when more sessions run than that
    in.paused = admission_.paused;
    for (const auto& s : sessions_)
      in.expected_remaining.push_back(lifecycle::expected_remaining(s, at, mean, rules_.session_length));
  }
  in.slots = std::max<int>(in.slots, static_cast<int>(in.expected_remaining.size()));
  return lifecycle::estimate_wait_seconds(position, in);
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<WaitEstimator> waits,
                      std::shared_ptr<const QueueLiveness> liveness, std::shared_ptr<const JanitorCounters> janitor,
                      std::shared_ptr<const DirectoryPool> directory) {
  figures.section("waiting_room", "The waiting room: live and skipped places, waits, the estimate, no-shows.");
  auto lengths = std::make_shared<ops::SharedRead<Result<std::pair<std::int64_t, std::int64_t>>>>(
      figures, [waits] { return waits->queue_lengths(); });
  figures.gauge("waiting_room.queue_live", "Waiting places that count (polled within ABANDON_SECONDS).", [lengths] {
    auto& r = lengths->get();
    return r ? nlohmann::json(r->first) : nlohmann::json(nullptr);
  }).metric("waiting_room_queue_live").nullable();
  figures.gauge("waiting_room.queue_abandoned", "Waiting places skipped: not polled for ABANDON_SECONDS.", [lengths] {
    auto& r = lengths->get();
    return r ? nlohmann::json(r->second) : nlohmann::json(nullptr);
  }).metric("waiting_room_queue_abandoned").nullable();
  figures.gauge("waiting_room.newcomer_estimate_seconds", "The estimated wait a candidate joining now would get.",
                [waits, lengths] {
                  auto& r = lengths->get();
                  if (!r) return nlohmann::json(nullptr);
                  auto estimate = waits->estimate(r->first + 1);
                  return estimate < 0 ? nlohmann::json(nullptr) : nlohmann::json(estimate);
                })
      .metric("waiting_room_newcomer_estimate_seconds").nullable().unit("seconds");
  figures.gauge("waiting_room.mean_session_seconds", "Mean time a slot was held by the recently ended sessions.",
                [waits] { return waits->mean_session_seconds(); })
      .metric("waiting_room_mean_session_seconds").fractional().unit("seconds");
  figures.add("waiting_room.wait_seconds", ops::FigureKind::histogram, "Wait from joining the queue to promotion.",
              [waits] { return waits->wait_histogram().to_json(); })
      .metric("waiting_room_wait_seconds");
  if (janitor) {
    figures.counter("waiting_room.no_shows", "Slots reclaimed from candidates who never started (NO_SHOW_SECONDS).",
                    [janitor] { return janitor->no_shows_reclaimed.load(); })
        .metric("waiting_room_no_shows_total");
    figures.counter("waiting_room.abandoned_places", "Waiting places the janitor skipped (not polled).",
                    [janitor] { return janitor->places_abandoned.load(); })
        .metric("waiting_room_abandoned_places_total");
  }
  if (liveness) {
    figures.counter("waiting_room.liveness_writes", "seen_at marks of polls written to the store.",
                    [liveness] { return liveness->counters().marks; })
        .metric("waiting_room_liveness_writes_total");
    figures.counter("waiting_room.places_restored", "Skipped places restored by their candidate's poll.",
                    [liveness] { return liveness->counters().restores; })
        .metric("waiting_room_places_restored_total");
  }
  if (directory)
    figures.counter("waiting_room.joins_without_transaction", "Joins of candidates already placed, answered from reads.",
                    [directory] { return directory->status_counters().joins_answered; })
        .metric("waiting_room_joins_without_transaction_total");
}

}  // namespace interview::actors
