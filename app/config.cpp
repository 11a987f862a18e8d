#include "app/config.hpp"

#include <cstdlib>
#include <sstream>

namespace interview {
namespace {

struct Reader {
  const EnvLookup& env;
  std::vector<std::string> problems;

  void integer(const std::string& name, int& out, long min, long max) {
    auto v = env(name);
    if (!v) return;
    char* end = nullptr;
    errno = 0;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || errno != 0 || n < min || n > max) {
      problems.push_back(name + " must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max) + " (got \"" + *v + "\")");
      return;
    }
    out = static_cast<int>(n);
  }

  void text(const std::string& name, std::string& out) {
    if (auto v = env(name); v && !v->empty()) out = *v;
  }

  void choice(const std::string& name, std::string& out, const std::vector<std::string>& allowed) {
    auto v = env(name);
    if (!v || v->empty()) return;
    for (const auto& a : allowed)
      if (*v == a) {
        out = *v;
        return;
      }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    problems.push_back(name + " must be one of " + list + " (got \"" + *v + "\")");
  }
};

std::vector<std::string> split_origins(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t/");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Result<AppConfig> load_config(const EnvLookup& env) {
  AppConfig c;
  Reader r{env, {}};
  r.text("HOST", c.host);
  r.integer("PORT", c.port, 0, 65535);
  r.integer("SESSION_LIMIT", c.session_limit, 1, 10000);
  r.integer("SESSION_SECONDS", c.session_seconds, 1, 24 * 3600);
  r.integer("CLEANUP_INTERVAL_SECONDS", c.cleanup_interval_seconds, 1, 24 * 3600);
  bool firestore_configured = env("FIRESTORE_EMULATOR_HOST").has_value() ||
                              env("GOOGLE_CLOUD_PROJECT").has_value();
  c.store = firestore_configured ? "firestore" : "embedded";
  r.choice("STORE", c.store, {"embedded", "firestore"});
  r.text("DATA_DIR", c.data_dir);
  if (env("TASKS_PROJECT").has_value() && env("TASKS_JOIN_URL").has_value()) c.task_queue = "cloud-tasks";
  r.choice("TASK_QUEUE", c.task_queue, {"in-process", "cloud-tasks", "none"});
  r.integer("TASKS_MAX_ATTEMPTS", c.tasks_max_attempts, 1, 1000);
  if (auto v = env("CORS_ORIGINS")) c.cors_origins = split_origins(*v);
  r.choice("LOG_LEVEL", c.log_level, {"trace", "debug", "info", "warn", "error", "critical", "off"});
  r.choice("LOG_FORMAT", c.log_format, {"text", "json"});
  std::string access = c.access_log ? "true" : "false";
  r.choice("ACCESS_LOG", access, {"true", "false"});
  c.access_log = access == "true";
  r.text("ADMIN_TOKEN", c.admin_token);
  r.text("GOOGLE_CLOUD_PROJECT", c.project_id);
  r.integer("HTTP_THREADS", c.http_threads, 4, 4096);
  r.integer("HTTP_QUEUE_LIMIT", c.http_queue_limit, 0, 100000);
  r.integer("HTTP_MAX_CONNECTIONS", c.http_max_connections, 1, 1000000);
  r.integer("HTTP_HEADER_TIMEOUT_SECONDS", c.http_header_timeout_seconds, 1, 15);
  r.integer("HTTP_KEEPALIVE_SECONDS", c.http_keepalive_seconds, 1, 3600);
  r.integer("HTTP_BODY_TIMEOUT_SECONDS", c.http_body_timeout_seconds, 1, 3600);
  r.integer("TRUSTED_PROXY_HOPS", c.trusted_proxy_hops, 0, 10);
  r.integer("REQUEST_TIMEOUT_MS", c.request_timeout_ms, 100, 600000);
  int max_bytes = static_cast<int>(c.resume_max_bytes);
  r.integer("RESUME_MAX_BYTES", max_bytes, 1, 100 * 1024 * 1024);
  c.resume_max_bytes = static_cast<std::size_t>(max_bytes);
  r.integer("RESUME_MAX_PDF_PAGES", c.resume_max_pdf_pages, 1, 1000);
  r.integer("RESUME_TIME_BUDGET_MS", c.resume_time_budget_ms, 100, 60000);
  r.integer("RESUME_MAX_DOCX_MIB", c.resume_max_docx_mib, 1, 1024);
  r.integer("STORE_BUSY_TIMEOUT_MS", c.store_busy_timeout_ms, 1, 600000);
  r.integer("STATUS_WORKERS", c.status_workers, 1, 256);
  r.integer("SHUTDOWN_GRACE_SECONDS", c.shutdown_grace_seconds, 0, 3600);
  r.integer("GEMINI_POOL_SIZE", c.llm_pool_size, 1, 256);
  r.integer("INTERVIEW_TIMEOUT_MS", c.interview_timeout_ms, 1000, 600000);
  r.integer("INTERVIEW_IDLE_SECONDS", c.interview_idle_seconds, 1, 86400);
  if (!r.problems.empty()) {
    std::string msg = "invalid configuration:";
    for (const auto& p : r.problems) msg += "\n  " + p;
    return make_error(ErrorKind::bad_request, msg);
  }
  return c;
}

std::vector<std::string> describe(const AppConfig& c) {
  std::string origins;
  for (const auto& o : c.cors_origins) origins += (origins.empty() ? "" : ",") + o;
  return {
      "HOST=" + c.host,
      "PORT=" + std::to_string(c.port),
      "SESSION_LIMIT=" + std::to_string(c.session_limit),
      "SESSION_SECONDS=" + std::to_string(c.session_seconds),
      "CLEANUP_INTERVAL_SECONDS=" + std::to_string(c.cleanup_interval_seconds),
      "STORE=" + c.store,
      "DATA_DIR=" + c.data_dir,
      "TASK_QUEUE=" + c.task_queue,
      "TASKS_MAX_ATTEMPTS=" + std::to_string(c.tasks_max_attempts),
      "CORS_ORIGINS=" + origins,
      "LOG_LEVEL=" + c.log_level,
      "LOG_FORMAT=" + c.log_format,
      "ACCESS_LOG=" + std::string(c.access_log ? "true" : "false"),
      "ADMIN_TOKEN=" + std::string(c.admin_token.empty() ? "(unset: loopback only)" : "***"),
      "HTTP_THREADS=" + std::to_string(c.http_threads),
      "HTTP_QUEUE_LIMIT=" + std::to_string(c.http_queue_limit),
      "HTTP_MAX_CONNECTIONS=" + std::to_string(c.http_max_connections),
      "HTTP_HEADER_TIMEOUT_SECONDS=" + std::to_string(c.http_header_timeout_seconds),
      "HTTP_KEEPALIVE_SECONDS=" + std::to_string(c.http_keepalive_seconds),
      "HTTP_BODY_TIMEOUT_SECONDS=" + std::to_string(c.http_body_timeout_seconds),
      "TRUSTED_PROXY_HOPS=" + std::to_string(c.trusted_proxy_hops),
      "REQUEST_TIMEOUT_MS=" + std::to_string(c.request_timeout_ms),
      "RESUME_MAX_BYTES=" + std::to_string(c.resume_max_bytes),
      "RESUME_MAX_PDF_PAGES=" + std::to_string(c.resume_max_pdf_pages),
      "RESUME_TIME_BUDGET_MS=" + std::to_string(c.resume_time_budget_ms),
      "RESUME_MAX_DOCX_MIB=" + std::to_string(c.resume_max_docx_mib),
      "STATUS_WORKERS=" + std::to_string(c.status_workers),
      "GEMINI_POOL_SIZE=" + std::to_string(c.llm_pool_size),
      "INTERVIEW_TIMEOUT_MS=" + std::to_string(c.interview_timeout_ms),
      "INTERVIEW_IDLE_SECONDS=" + std::to_string(c.interview_idle_seconds),
  };
}

}  // namespace interview
