#include "actors/llm_pool.hpp"

#include "actors/errors.hpp"

namespace interview::actors {
namespace {

// Decrements the worker's in-flight count and records the call's duration,
// however the call ends.
struct InFlight {
  std::atomic<int>& n;
  metrics::Histogram& latency;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~InFlight() {
    n--;
    latency.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
};

template <class T>
caf::result<T> answer(LlmPoolCounters& c, Result<T> r) {
  c.calls++;
  if (!r) {
    c.failures++;
    return to_caf_error(r.error());
  }
  return std::move(*r);
}

llm_worker_actor::behavior_type llm_worker(llm_worker_actor::pointer, std::shared_ptr<llm::Interviewer> model,
                                           std::shared_ptr<LlmPoolCounters> counters, int index) {
  auto& mine = counters->in_flight[static_cast<size_t>(index)];
  return {
      [=, &mine](opening_atom, const llm::InterviewContext& ctx, const RequestContext& rc) -> caf::result<llm::InterviewTurn> {
        ops::ScopedLogContext scope(rc);
        InFlight guard{mine, counters->latency};
        return answer(*counters, model->opening(ctx));
      },
      [=, &mine](turn_atom, const llm::InterviewContext& ctx, const RequestContext& rc) -> caf::result<llm::InterviewTurn> {
        ops::ScopedLogContext scope(rc);
        InFlight guard{mine, counters->latency};
        return answer(*counters, model->next_turn(ctx));
      },
      [=, &mine](swot_atom, const llm::InterviewContext& ctx, const RequestContext& rc) -> caf::result<llm::SwotAnalysis> {
        ops::ScopedLogContext scope(rc);
        InFlight guard{mine, counters->latency};
        return answer(*counters, model->swot(ctx));
      },
  };
}

}  // namespace

LlmPool::LlmPool(caf::actor_system& sys, int size, std::shared_ptr<llm::Interviewer> interviewer)
    : counters_(std::make_shared<LlmPoolCounters>(size)) {
  for (int i = 0; i < size; ++i)
    workers_.push_back(sys.spawn<caf::detached>(llm_worker, interviewer, counters_, i));
}

const llm_worker_actor& LlmPool::pick() {
  size_t best = 0;
  for (size_t i = 1; i < workers_.size(); ++i)
    if (counters_->in_flight[i] < counters_->in_flight[best]) best = i;
  counters_->in_flight[best]++;
  return workers_[best];
}

int LlmPool::busy() const {
  int n = 0;
  for (const auto& c : counters_->in_flight) n += c > 0 ? 1 : 0;
  return n;
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const LlmPool> pool) {
  figures.gauge("llm_pool.size", "LLM worker actors.", [pool] { return pool->size(); }).metric("llm_pool_size");
  figures.gauge("llm_pool.busy", "LLM workers currently in a call.", [pool] { return pool->busy(); })
      .metric("llm_pool_busy");
  figures.counter("llm_pool.calls", "LLM calls made.", [pool] { return pool->counters().calls.load(); })
      .metric("llm_calls_total");
  figures.counter("llm_pool.failures", "LLM calls that failed.", [pool] { return pool->counters().failures.load(); })
      .metric("llm_failures_total");
  for (auto [key, q] : {std::pair{"p50", 0.5}, std::pair{"p95", 0.95}, std::pair{"p99", 0.99}})
    figures.gauge(std::string("llm_pool.latency_ms.") + key, std::string("LLM call latency, ") + key + ".",
                  [pool, q = q] { return pool->counters().latency.quantile(q) * 1000.0; })
        .metric("llm_latency_quantile_seconds")
        .family_help("Recent LLM call latency quantiles.")
        .label("quantile", q == 0.5 ? "0.5" : q == 0.95 ? "0.95" : "0.99")
        .scale(0.001)
        .fractional()
        .unit("ms");
  figures.add("histograms.llm_call_seconds", ops::FigureKind::histogram, "Model call latency in seconds.",
              [pool] { return pool->counters().latency.to_json(); })
      .metric("llm_call_seconds");
}

}  // namespace interview::actors
