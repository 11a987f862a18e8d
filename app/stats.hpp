#pragma once
// GET /stats: the live figures of the actor system, in the shape ops/ renders
// as Prometheus text and the dashboard shows.
#include <chrono>
#include <memory>

#include <nlohmann/json.hpp>

#include "actors/gateway.hpp"
#include "actors/interview_registry.hpp"
#include "actors/janitor.hpp"
#include "actors/llm_pool.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/user_directory.hpp"
#include "app/config.hpp"
#include "core/store/document_store.hpp"
#include "http/connection_engine.hpp"
#include "http/http_stats.hpp"

namespace interview {

struct StatsSources {
  const AppConfig* config = nullptr;
  std::string llm_provider, llm_model;
  std::shared_ptr<store::DocumentStore> store;
  std::shared_ptr<actors::CoordinatorCounters> coordinator;
  std::shared_ptr<actors::JanitorCounters> janitor;
  std::shared_ptr<actors::InterviewRegistryCounters> interviews;
  std::shared_ptr<actors::LlmPool> llm;
  std::shared_ptr<actors::DirectoryPool> directory;
  std::shared_ptr<std::atomic<std::int64_t>> llm_retries;
  std::shared_ptr<http::HttpStats> http;
  std::shared_ptr<http::EngineCounters> connections;
  actors::Gateway* gateway = nullptr;  // slot counts are store reads: asked of an actor
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

nlohmann::json collect_stats(const StatsSources& s);

}  // namespace interview
