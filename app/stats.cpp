#include "app/stats.hpp"

#include <unistd.h>

#include <fstream>


namespace interview {
namespace {

std::int64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * sysconf(_SC_PAGESIZE);
}


}  // namespace

nlohmann::json collect_stats(const StatsSources& s) {
  using nlohmann::json;
  auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count();
  auto store = s.store->counters();
  auto last_error = s.coordinator->last();
  auto last_tick = s.janitor->last_tick_micros.load();
  const auto& pool = s.llm->counters();
  auto statuses = s.directory->status_counters();
  auto slots = s.gateway->slot_counts();
  json in_use = slots ? json((*slots)[0]) : json(nullptr), queued = slots ? json((*slots)[1]) : json(nullptr);
  auto ms = [&](double q) { return pool.latency.quantile(q) * 1000.0; };
  return {
      {"service",
       {{"version", s.config->version}, {"uptime_seconds", uptime}, {"rss_bytes", rss_bytes()},
        {"store", s.store->name()}, {"llm_provider", s.llm_provider}, {"llm_model", s.llm_model}}},
      // Slots and queue are two count reads of the store: the truth, not a cache.
      {"coordinator",
       {{"slots_total", s.config->session_limit},
        {"slots_in_use", in_use},
        {"queue_length", queued},
        {"decisions", {{"join", s.coordinator->join.load()}, {"leave", s.coordinator->leave.load()},
                       {"expire", s.coordinator->expire.load()}, {"fill", s.coordinator->fill.load()}}},
        {"transaction_retries", store.retries},
        {"errors", s.coordinator->errors.load()},
        {"last_error", last_error.empty() ? json(nullptr) : json(last_error)}}},
      {"janitor",
       {{"ticks", s.janitor->ticks.load()},
        {"last_tick", last_tick ? json(store::format_rfc3339(store::TimePoint(std::chrono::microseconds(last_tick))))
                                : json(nullptr)},
        {"sessions_expired", s.janitor->sessions_expired.load()},
        {"closings_run", s.janitor->closings_run.load()},
        {"closing_failures", s.janitor->closing_failures.load()}}},
      {"interviews",
       {{"live_actors", s.interviews->live.load()}, {"passivated", s.interviews->passivated.load()},
        {"requests", s.interviews->requests.load()}}},
      {"llm_pool",
       {{"size", s.llm->size()}, {"busy", s.llm->busy()}, {"calls", pool.calls.load()},
        {"failures", pool.failures.load()}, {"retries", s.llm_retries->load()},
        {"latency_ms", {{"p50", ms(0.5)}, {"p95", ms(0.95)}, {"p99", ms(0.99)}}}}},
      // GET /status answers: from the snapshot of the waiting line, or read from the store.
      {"status_reads",
       {{"from_snapshot", statuses.snapshot_answers}, {"from_store", statuses.store_answers},
        {"snapshot_rebuilds", statuses.rebuilds}}},
      {"store",
       {{"name", s.store->name()}, {"gets", store.gets}, {"queries", store.queries}, {"counts", store.counts},
        {"commits", store.commits}, {"writes", store.writes}, {"transactions", store.transactions},
        {"retries", store.retries}, {"errors", store.errors}}},
      {"http", s.http->to_json()},
      // Client connections held by the connection engine, and what it refused.
      {"connections",
       {{"open", s.connections->open_connections.load()}, {"workers", s.config->http_threads},
        {"busy_workers", s.connections->busy_workers.load()}, {"accepted", s.connections->accepted.load()},
        {"rejected_busy", s.connections->rejected_busy.load()},
        {"rejected_over_cap", s.connections->rejected_connections.load()},
        {"header_timeouts", s.connections->header_timeouts.load()},
        {"idle_closed", s.connections->idle_closed.load()},
        {"header_too_large", s.connections->header_too_large.load()}}},
      {"histograms",
       {{"http_request_seconds", s.http->histogram()}, {"llm_call_seconds", pool.latency.to_json()}}},
  };
}

}  // namespace interview
