#pragma once
// The LLM worker pool: N detached workers making the blocking model calls
// (whichever provider is configured), so at most N calls run at once and none
// blocks CAF's scheduler. Jobs go to the least busy worker.
#include <atomic>
#include <memory>
#include <vector>

#include "actors/interview_messages.hpp"
#include "actors/request_context.hpp"
#include "core/llm/interviewer.hpp"
#include "core/metrics/histogram.hpp"
#include "ops/figures.hpp"

namespace interview::actors {

using llm_worker_actor = caf::typed_actor<
    caf::replies_to<opening_atom, llm::InterviewContext, RequestContext>::with<llm::InterviewTurn>,
    caf::replies_to<turn_atom, llm::InterviewContext, RequestContext>::with<llm::InterviewTurn>,
    caf::replies_to<swot_atom, llm::InterviewContext, RequestContext>::with<llm::SwotAnalysis>>;

struct LlmPoolCounters {
  std::atomic<std::int64_t> calls{0}, failures{0};
  std::vector<std::atomic<int>> in_flight;  // per worker
  metrics::Histogram latency{metrics::llm_buckets()};
  explicit LlmPoolCounters(int n) : in_flight(static_cast<size_t>(n)) {}
};

class LlmPool {
 public:
  LlmPool(caf::actor_system& sys, int size, std::shared_ptr<llm::Interviewer> interviewer);
  // The worker with the fewest calls in flight; counts the new call.
  const llm_worker_actor& pick();
  int size() const { return static_cast<int>(workers_.size()); }
  int busy() const;
  const LlmPoolCounters& counters() const { return *counters_; }
  const std::vector<llm_worker_actor>& workers() const { return workers_; }

 private:
  std::shared_ptr<LlmPoolCounters> counters_;
  std::vector<llm_worker_actor> workers_;
};

// The pool's figures, under "llm_pool" in /stats, and its latency histogram.
void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const LlmPool> pool);

}  // namespace interview::actors
