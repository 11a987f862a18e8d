#pragma once
// The service's own settings (http, slots, store, tasks, logging, resume, ops),
// read once from the environment (12-factor, Cloud Run) into one struct;
// invalid values stop start-up with a message naming the variable. The whole
// settings tree, with the adapters' options, is app/settings.hpp.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace interview {

struct AppConfig {
  std::string host = "0.0.0.0";
  int port = 8000;
  int session_limit = 3;
  int session_seconds = 300;
  int cleanup_interval_seconds = 60;
  int no_show_seconds = 120;   // NO_SHOW_SECONDS: a slot not started within this goes to the next in line
  int abandon_seconds = 180;   // ABANDON_SECONDS: a waiting place not polled for this is skipped
  std::string store = "embedded";  // embedded | firestore
  std::string data_dir = "./data";
  // RESUME_STORAGE: where the original resume files are kept: folder (DATA_DIR/resumes)
  // | cloud-storage (GCS_BUCKET_NAME; the default when that is set).
  std::string resume_storage = "folder";
  int resume_retention_days = 30;  // RESUME_RETENTION_DAYS: kept files are deleted after this; 0 = kept forever
  std::string task_queue = "in-process";  // in-process | cloud-tasks (default when TASKS_* are set) | none
  int tasks_max_attempts = 5;            // Cloud Tasks' max attempts: the last one records a dead letter
  std::vector<std::string> cors_origins{"http://localhost:5173", "http://localhost:3000"};
  std::string log_level = "info";
  std::string log_format = "text";   // text | json (Cloud Logging)
  bool access_log = false;           // Cloud Run logs requests itself
  std::string admin_token;           // secret: /stats and /metrics; empty = loopback only
  std::string project_id;            // GOOGLE_CLOUD_PROJECT, for trace names in logs
  int http_threads = 128;           // requests processed at once (idle connections hold none)
  int http_queue_limit = 256;       // complete requests waiting for a thread; beyond: 503 + Retry-After
  int http_max_connections = 20000; // open client connections; beyond: 503
  int http_header_timeout_seconds = 10;  // a whole request header, from its first byte
  int http_keepalive_seconds = 30;  // idle time of a keep-alive connection
  int http_body_timeout_seconds = 60;    // a whole request body
  int trusted_proxy_hops = 0;       // proxies of ours in front (X-Forwarded-For entries trusted)
  int create_limit_per_minute = 20; // CREATE_LIMIT_PER_MINUTE: POST /users/ per client address and instance; 0 = off
  int request_timeout_ms = 15000;   // how long a route waits for an actor
  std::size_t resume_max_bytes = 5 * 1024 * 1024;
  int resume_max_pdf_pages = 50;             // RESUME_MAX_PDF_PAGES
  int resume_time_budget_ms = 3000;          // RESUME_TIME_BUDGET_MS, per file
  int resume_max_docx_mib = 20;              // RESUME_MAX_DOCX_MIB: uncompressed DOCX (zip bombs)
  int store_busy_timeout_ms = 5000;
  int directory_workers = 8;        // DIRECTORY_WORKERS: UserDirectory actors (creation, status, SWOT reads, /health)
  int interview_store_workers = 8;  // threads for the interview actors' store calls
  int shutdown_grace_seconds = 8;   // Cloud Run allows 10 s after SIGTERM
  int llm_pool_size = 8;            // LLM_POOL_SIZE: model calls at once, whichever provider
  int interview_timeout_ms = 60000; // an interview route's deadline (model retries included)
  int interview_idle_seconds = 120; // an InterviewActor passivates after this
  int swot_claim_stale_seconds = 180; // SWOT_CLAIM_STALE_SECONDS: a SWOT claim older than this is taken over
  std::string version = "0.1.0";
};

// Looks a variable up; nullopt = unset. Injectable for tests; process_env()
// is the only reader of the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// A setting as the start-up log shows it: a secret's value is only whether it is set.
struct SettingLine {
  std::string section;  // http, slots, store, tasks, llm, resume, logging, ops, ...
  std::string name;     // the environment variable
  std::string value;
};
// "***" when set, "(unset)" otherwise: never any part of the secret.
std::string masked(const std::string& secret);

Result<AppConfig> load_config(const EnvLookup& env);
// Every variable load_config reads, in reading order (secrets masked).
std::vector<SettingLine> setting_lines(const AppConfig& c);
// The same as NAME=value lines.
std::vector<std::string> describe(const AppConfig& c);

}  // namespace interview
