#include "app/figures.hpp"

#include <unistd.h>

#include <fstream>
#include <vector>

namespace interview {
namespace {

using nlohmann::json;

std::int64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * sysconf(_SC_PAGESIZE);
}

void register_store(ops::FigureRegistry& figures, std::shared_ptr<store::DocumentStore> store) {
  figures.text("store.name", "The document store in use.", [store] { return store->name(); });
  using Field = std::int64_t store::StoreCounters::*;
  auto read = [store](Field f) { return [store, f] { return store->counters().*f; }; };
  struct Row { const char* key; const char* kind; Field f; };
  for (const Row& r : {Row{"gets", "get", &store::StoreCounters::gets}, Row{"queries", "query", &store::StoreCounters::queries},
                       Row{"counts", "count", &store::StoreCounters::counts},
                       Row{"commits", "commit", &store::StoreCounters::commits},
                       Row{"writes", "write", &store::StoreCounters::writes},
                       Row{"transactions", "transaction", &store::StoreCounters::transactions}})
    figures.counter(std::string("store.") + r.key, std::string("Store operations: ") + r.key + ".", read(r.f))
        .metric("store_operations_total")
        .family_help("Document store operations by kind.")
        .label("kind", r.kind);
  figures.counter("store.retries", "Store operations retried (every caller's).", read(&store::StoreCounters::retries))
      .metric("store_retries_total");
  figures.counter("store.errors", "Store operations that failed.", read(&store::StoreCounters::errors))
      .metric("store_errors_total");
}

void register_service(ops::FigureRegistry& figures, const FigureSources& s) {
  const char* build_info = "Build and configuration of this instance.";
  figures.text("service.version", "Version of this build.", [v = s.version] { return v; })
      .metric("build_info").family_help(build_info);
  figures.gauge("service.uptime_seconds", "Seconds since the process started.",
                [started = s.started] {
                  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                })
      .metric("process_uptime_seconds").fractional().unit("seconds");
  figures.gauge("service.rss_bytes", "Resident set size of the process.", [] { return rss_bytes(); })
      .metric("process_resident_memory_bytes").unit("bytes");
  figures.text("service.store", "The document store in use.", [store = s.store] { return store->name(); })
      .metric("build_info");
  figures.text("service.llm_provider", "The model provider.", [v = s.llm_provider] { return v; }).metric("build_info");
  figures.text("service.llm_model", "The model.", [v = s.llm_model] { return v; }).metric("build_info");

  // Slots and queue are two count reads of the store (one request): the truth, not a cache.
  figures.section("coordinator", "Slots, the queue, and the coordinator's decisions.");
  // The operators' settings (config/admission in the store, shared by every instance): one read.
  auto admission = std::make_shared<ops::SharedRead<Result<actors::admission_msg>>>(
      figures, [gateway = s.gateway] { return gateway->admission(); });
  figures.gauge("coordinator.slots_total", "Concurrent interview slots in force (set live by an operator, else SESSION_LIMIT).",
                [admission, n = s.slots_total] {
                  const auto& a = admission->get();
                  return a ? json(a->session_limit) : json(n);
                })
      .metric("slots_total");
  figures.gauge("coordinator.slots_configured", "SESSION_LIMIT of this instance.", [n = s.slots_total] { return n; })
      .metric("slots_configured");
  figures.gauge("coordinator.paused", "1 while an operator has paused admissions (nobody is promoted).", [admission] {
    const auto& a = admission->get();
    return a ? json(a->paused ? 1 : 0) : json(nullptr);
  }).metric("admissions_paused").nullable();
  auto counts = std::make_shared<ops::SharedRead<Result<std::vector<std::int64_t>>>>(
      figures, [gateway = s.gateway] { return gateway->slot_counts(); });
  auto count = [counts](std::size_t i) {
    return [counts, i] {
      const auto& c = counts->get();
      return c && c->size() > i ? json((*c)[i]) : json(nullptr);
    };
  };
  figures.gauge("coordinator.slots_in_use", "Interview slots currently taken.", count(0))
      .metric("slots_in_use").nullable();
  figures.gauge("coordinator.queue_length", "Candidates waiting for a slot.", count(1))
      .metric("queue_length").nullable();

  figures.counter("llm_pool.retries", "LLM calls retried.", [r = s.llm_retries] { return r->load(); })
      .metric("llm_retries_total");
  register_store(figures, s.store);
}

}  // namespace

void register_all_figures(ops::FigureRegistry& figures, const FigureSources& s) {
  register_service(figures, s);
  actors::register_figures(figures, s.coordinator);
  actors::register_figures(figures, s.janitor);
  actors::register_figures(figures, s.interviews);
  actors::register_figures(figures, s.llm);
  actors::register_figures(figures, s.directory);
  if (s.waits) actors::register_figures(figures, s.waits, s.liveness, s.janitor, s.directory);
  http::register_figures(figures, s.http);
  http::register_figures(figures, s.connections, s.http_workers);
}

}  // namespace interview
