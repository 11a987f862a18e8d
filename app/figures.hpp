#pragma once
// Registers every figure of the service: app/ registers what it builds itself
// (the service, the slot counts, the store, the model's retries) and calls each
// component's register_figures for the rest. A component's new figure is one
// registration in that component; a new component is one line here.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "actors/gateway.hpp"
#include "actors/interview_registry.hpp"
#include "actors/janitor.hpp"
#include "actors/llm_pool.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/user_directory.hpp"
#include "http/connection_engine.hpp"
#include "http/http_stats.hpp"
#include "core/store/document_store.hpp"
#include "ops/figures.hpp"

namespace interview {

// What the figures are read from; every pointer may be null when only the
// catalog is wanted (the readers are then never called).
struct FigureSources {
  std::string version;
  std::string llm_provider, llm_model;
  int slots_total = 0;
  std::shared_ptr<store::DocumentStore> store;
  std::shared_ptr<std::atomic<std::int64_t>> llm_retries;
  actors::Gateway* gateway = nullptr;  // slot counts are store reads: asked of an actor
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::shared_ptr<const actors::CoordinatorCounters> coordinator;
  std::shared_ptr<const actors::JanitorCounters> janitor;
  std::shared_ptr<const actors::InterviewRegistryCounters> interviews;
  std::shared_ptr<const actors::LlmPool> llm;
  std::shared_ptr<const actors::DirectoryPool> directory;
  std::shared_ptr<actors::WaitEstimator> waits;           // the waiting room (issue 12)
  std::shared_ptr<const actors::QueueLiveness> liveness;
  std::shared_ptr<const http::HttpStats> http;
  std::shared_ptr<const http::EngineCounters> connections;
  int http_workers = 0;
};

void register_all_figures(ops::FigureRegistry& figures, const FigureSources& sources);

}  // namespace interview
