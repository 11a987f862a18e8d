// interview-server: reads the configuration, wires the store and the task queue
// into the actors, serves HTTP until SIGTERM/SIGINT, then shuts down in order.
#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "actors/gateway.hpp"
#include "actors/interview_registry.hpp"
#include "actors/llm_pool.hpp"
#include "actors/janitor.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/user_directory.hpp"
#include "app/settings.hpp"
#include "app/adapters.hpp"
#include "app/figures.hpp"
#include "ops/logging.hpp"
#include "app/provider_factory.hpp"
#include "http/server.hpp"

using namespace interview;

namespace {

// Waits for SIGTERM/SIGINT on a dedicated thread (the signals are blocked in
// every other thread) and stops the server.
std::thread start_signal_watcher(http::HttpServer& server, sigset_t signals, int grace_seconds) {
  return std::thread([&server, signals, grace_seconds] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("received {}, shutting down (grace {} s)", sig == SIGTERM ? "SIGTERM" : "SIGINT", grace_seconds);
    server.stop();
    // In-flight requests get the grace period; then the process ends anyway.
    std::thread([grace_seconds] {
      std::this_thread::sleep_for(std::chrono::seconds(grace_seconds));
      spdlog::warn("shutdown grace period over; exiting");
      spdlog::shutdown();
      std::_Exit(0);
    }).detach();
  });
}

// The HTTP layer's settings, from the configuration.
http::ServerOptions server_options(const AppConfig& cfg) {
  http::ServerOptions o;
  o.host = cfg.host;
  o.port = cfg.port;
  o.engine.workers = cfg.http_threads;
  o.engine.queue_limit = cfg.http_queue_limit;
  o.engine.max_connections = cfg.http_max_connections;
  o.engine.header_timeout = std::chrono::seconds(cfg.http_header_timeout_seconds);
  o.engine.keepalive_timeout = std::chrono::seconds(cfg.http_keepalive_seconds);
  o.engine.stream.body_timeout = std::chrono::seconds(cfg.http_body_timeout_seconds);
  // Room for the multipart framing and the other fields around the resume.
  o.engine.stream.max_body_bytes = cfg.resume_max_bytes + 1024 * 1024;
  o.cors_origins = cfg.cors_origins;
  o.access_log = cfg.access_log;
  o.trusted_proxy_hops = cfg.trusted_proxy_hops;
  return o;
}

// Each client connection is a file descriptor: take the whole hard limit.
void raise_open_files_limit(int wanted) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  rlim_t target = std::min<rlim_t>(lim.rlim_max, static_cast<rlim_t>(wanted) + 1024);
  if (lim.rlim_cur < target) {
    lim.rlim_cur = target;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < static_cast<rlim_t>(wanted) + 64)
    spdlog::warn("open files limit {} is below HTTP_MAX_CONNECTIONS={}: connections beyond it fail to be accepted",
                 lim.rlim_cur, wanted);
}

// An invalid setting stops start-up with a message on stderr: a JSON line when
// LOG_FORMAT=json (the settings are not there, so that variable is read alone).
int refuse_settings(const std::string& message) {
  if (process_env()("LOG_FORMAT") == std::optional<std::string>("json")) {
    ops::LoggingOptions options;
    options.sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    ops::setup_logging(ops::LogFormat::json, spdlog::level::info, options);
    spdlog::critical("interview-server: {}", message);
    spdlog::shutdown();
  } else {
    std::fprintf(stderr, "interview-server: %s\n", message.c_str());
  }
  return 2;
}

// Tests and scripts read this line to find the server (the loopback address
// when listening on all); with LOG_FORMAT=json it is a JSON log line like every other.
void announce_listening(const AppConfig& cfg, int port) {
  std::string reachable = (cfg.host == "0.0.0.0" ? "127.0.0.1" : cfg.host) + ":" + std::to_string(port);
  if (cfg.log_format == "json") {
    ops::log_fields(spdlog::level::info, "interview-server listening on http://" + reachable,
                    {{"bind", cfg.host + ":" + std::to_string(port)}});
    spdlog::default_logger()->flush();
    return;
  }
  spdlog::info("listening on http://{}:{}", cfg.host, port);
  std::printf("interview-server listening on http://%s\n", reachable.c_str());
  std::fflush(stdout);
}

}  // namespace

int main() {
  // The one read of the environment: every setting, validated once.
  auto settings = load_settings(process_env());
  if (!settings) return refuse_settings(settings.error().message);
  const AppConfig& cfg = settings->app;
  const llm::LlmConfig* llm_config = &settings->llm;
  ops::LoggingOptions logging;
  logging.project_id = cfg.project_id;
  ops::setup_logging(cfg.log_format == "json" ? ops::LogFormat::json : ops::LogFormat::text,
                     spdlog::level::from_str(cfg.log_level), logging);
  spdlog::info("interview-server {} starting", cfg.version);
  for (const auto& section : settings_sections(*settings)) spdlog::info("config {}", render(section));
  auto llm_retries = std::make_shared<std::atomic<std::int64_t>>(0);
  llm::RetryHooks hooks;
  hooks.on_retry = [llm_retries](int attempt, const Error& e, std::chrono::milliseconds delay) {
    (*llm_retries)++;
    spdlog::warn("model call attempt {} failed ({}); retrying in {} ms", attempt, e.message, delay.count());
  };
  auto interviewer = llm::make_interviewer(*llm_config, hooks);
  if (!interviewer) {
    spdlog::critical("cannot set up the interviewer: {}", interviewer.error().message);
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto store = open_store(*settings);
  if (!store) {
    spdlog::critical("cannot open the store: {}", store.error().message);
    return 1;
  }
  auto resumes = open_resume_storage(*settings);
  if (!resumes) {
    spdlog::critical("cannot set up the resume storage: {}", resumes.error().message);
    return 1;
  }
  spdlog::info("resume files: {}", (*resumes)->describe());

  int exit_code = 0;
  {
    caf::actor_system_config caf_cfg;
    caf::actor_system sys{caf_cfg};
    lifecycle::SlotRules rules{cfg.session_limit, std::chrono::seconds(cfg.session_seconds),
                               std::chrono::seconds(cfg.no_show_seconds), std::chrono::seconds(cfg.abandon_seconds)};
    auto coordinator_counters = std::make_shared<actors::CoordinatorCounters>();
    auto waits = std::make_shared<actors::WaitEstimator>(*store, rules);
    auto coordinator = actors::spawn_coordinator(sys, *store, rules, coordinator_counters, waits);
    auto tasks = make_task_queue(*settings, coordinator);
    if (!tasks) {
      spdlog::critical("cannot set up the task queue: {}", tasks.error().message);
      caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown);
      return 1;
    }
    spdlog::info("task queue: {}", (*tasks)->name());
    auto liveness = std::make_shared<actors::QueueLiveness>(*store, rules);
    auto directory = std::make_shared<actors::DirectoryPool>(sys, cfg.directory_workers, *store, *resumes, *tasks,
                                                             liveness, waits);
    auto llm_pool = std::make_shared<actors::LlmPool>(sys, cfg.llm_pool_size, *interviewer);
    // Store calls of the interview actors: a bounded pool, whatever the number of candidates.
    auto blocking_pool = std::make_shared<actors::BlockingPool>(sys, cfg.interview_store_workers);
    actors::InterviewDeps deps;
    deps.store = *store;
    deps.coordinator = coordinator;
    deps.llm = llm_pool;
    deps.blocking = blocking_pool;
    deps.store_deadline = std::chrono::milliseconds(cfg.request_timeout_ms);
    deps.model_deadline = std::chrono::milliseconds(cfg.interview_timeout_ms - 1000);
    deps.idle_timeout = std::chrono::seconds(cfg.interview_idle_seconds);
    deps.swot_claim_stale = std::chrono::seconds(cfg.swot_claim_stale_seconds);
    deps.waits = waits;
    auto interview_counters = std::make_shared<actors::InterviewRegistryCounters>();
    auto interviews = actors::spawn_interview_registry(sys, deps, interview_counters);
    auto janitor_counters = std::make_shared<actors::JanitorCounters>();
    auto janitor = actors::spawn_janitor(sys, *store, coordinator, interviews,
                                         std::chrono::seconds(cfg.cleanup_interval_seconds),
                                         2 * deps.model_deadline + 2 * deps.store_deadline, deps.swot_claim_stale,
                                         janitor_counters, liveness,
                                         actors::ResumeRetention{*resumes, cfg.resume_retention_days});
    actors::Gateway gateway(sys, coordinator, directory, interviews, std::chrono::milliseconds(cfg.request_timeout_ms),
                            std::chrono::milliseconds(cfg.interview_timeout_ms));

    resume::Limits limits;
    limits.max_bytes = cfg.resume_max_bytes;
    limits.max_pdf_pages = cfg.resume_max_pdf_pages;
    limits.time_budget = std::chrono::milliseconds(cfg.resume_time_budget_ms);
    limits.max_docx_uncompressed = static_cast<std::size_t>(cfg.resume_max_docx_mib) * 1024 * 1024;
    auto http_stats = std::make_shared<http::HttpStats>();
    // Every figure, registered once by its owner: /stats, /metrics, the
    // /stats schema and /admin are generated from this registry.
    auto figures = std::make_shared<ops::FigureRegistry>();
    FigureSources sources;
    sources.version = cfg.version;
    sources.llm_provider = llm::to_string(llm_config->provider);
    sources.llm_model = llm_config->provider == llm::Provider::gemini   ? llm_config->gemini_model
                        : llm_config->provider == llm::Provider::openai ? llm_config->openai_model
                                                                         : "rule-based-v1";
    sources.slots_total = cfg.session_limit;
    sources.store = *store;
    sources.llm_retries = llm_retries;
    sources.gateway = &gateway;
    sources.coordinator = coordinator_counters;
    sources.janitor = janitor_counters;
    sources.interviews = interview_counters;
    sources.llm = llm_pool;
    sources.directory = directory;
    sources.waits = waits;
    sources.liveness = liveness;
    sources.http = http_stats;
    sources.http_workers = cfg.http_threads;
    raise_open_files_limit(cfg.http_max_connections);
    auto options = server_options(cfg);
    options.connection_counters = std::make_shared<http::EngineCounters>();
    sources.connections = options.connection_counters;
    register_all_figures(*figures, sources);
    http::HttpServer server(options,
                            {gateway, cfg.version, limits, cfg.tasks_max_attempts, cfg.admin_token,
                             figures,
                             cfg.create_limit_per_minute > 0
                                 ? std::make_shared<http::CreateLimiter>(cfg.create_limit_per_minute)
                                 : nullptr,
                             *resumes},
                            http_stats);
    int port = server.bind();
    if (port < 0) {
      spdlog::critical("cannot listen on {}:{}", cfg.host, cfg.port);
      exit_code = 1;
    } else {
      auto watcher = start_signal_watcher(server, signals, cfg.shutdown_grace_seconds);
      announce_listening(cfg, port);
      if (!server.run()) exit_code = 1;
      watcher.join();
    }
    // The janitor first, so it starts no new work; then everyone else.
    caf::anon_send_exit(janitor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown);
    for (const auto& w : directory->workers()) caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    for (const auto& w : llm_pool->workers()) caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(interviews, caf::exit_reason::user_shutdown);
  }
  spdlog::info("stopped");
  spdlog::shutdown();
  return exit_code;
}
