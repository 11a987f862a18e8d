#include "app/config.hpp"

#include <cerrno>
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

std::string masked(const std::string& secret) {
  return secret.empty() ? "(unset)" : "***";
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

namespace {

// How the start-up log shows a setting and how it is read into AppConfig.
// A new setting is a field in AppConfig and a row in one of the two tables.
struct Setting {
  const char* section;
  const char* name;
  std::function<void(Reader&, AppConfig&)> read;
  std::function<std::string(const AppConfig&)> show;
};

Setting text(const char* section, const char* name, std::string AppConfig::*field) {
  return {section, name, [=](Reader& r, AppConfig& c) { r.text(name, c.*field); },
          [=](const AppConfig& c) { return c.*field; }};
}

Setting choice(const char* section, const char* name, std::string AppConfig::*field,
               std::vector<std::string> allowed) {
  return {section, name, [=](Reader& r, AppConfig& c) { r.choice(name, c.*field, allowed); },
          [=](const AppConfig& c) { return c.*field; }};
}

// Shown only as set or not.
Setting secret(const char* section, const char* name, std::string AppConfig::*field) {
  return {section, name, [=](Reader& r, AppConfig& c) { r.text(name, c.*field); },
          [=](const AppConfig& c) { return masked(c.*field); }};
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

// Words, lists and secrets.
const std::vector<Setting>& settings_table() {
  static const std::vector<Setting> table = {
      text("http", "HOST", &AppConfig::host),
      choice("store", "STORE", &AppConfig::store, {"embedded", "firestore"}),
      text("store", "DATA_DIR", &AppConfig::data_dir),
      choice("resume", "RESUME_STORAGE", &AppConfig::resume_storage, {"folder", "cloud-storage"}),
      choice("tasks", "TASK_QUEUE", &AppConfig::task_queue, {"in-process", "cloud-tasks", "none"}),
      {"http", "CORS_ORIGINS",
       [](Reader& r, AppConfig& c) {
         if (auto v = r.env("CORS_ORIGINS")) c.cors_origins = split_origins(*v);
       },
       [](const AppConfig& c) { return join(c.cors_origins); }},
      choice("logging", "LOG_LEVEL", &AppConfig::log_level,
             {"trace", "debug", "info", "warn", "error", "critical", "off"}),
      choice("logging", "LOG_FORMAT", &AppConfig::log_format, {"text", "json"}),
      {"logging", "ACCESS_LOG",
       [](Reader& r, AppConfig& c) {
         std::string access = c.access_log ? "true" : "false";
         r.choice("ACCESS_LOG", access, {"true", "false"});
         c.access_log = access == "true";
       },
       [](const AppConfig& c) { return std::string(c.access_log ? "true" : "false"); }},
      secret("ops", "ADMIN_TOKEN", &AppConfig::admin_token),  // unset: /stats and /metrics from loopback only
      text("logging", "GOOGLE_CLOUD_PROJECT", &AppConfig::project_id),
      {"resume", "RESUME_MAX_BYTES",
       [](Reader& r, AppConfig& c) {
         int max_bytes = static_cast<int>(c.resume_max_bytes);
         r.integer("RESUME_MAX_BYTES", max_bytes, 1, 100 * 1024 * 1024);
         c.resume_max_bytes = static_cast<std::size_t>(max_bytes);
       },
       [](const AppConfig& c) { return std::to_string(c.resume_max_bytes); }},
  };
  return table;
}

// Whole numbers in [min, max]. `old_name`, when set, is read if `name` is
// unset, so deployments that still use the old name keep working.
struct IntSetting {
  const char* name;
  const char* section;
  int AppConfig::*field;
  long min;
  long max;
  const char* old_name = nullptr;
};

const IntSetting integer_table[] = {
    {"PORT",                        "http",   &AppConfig::port,                           0,     65535},
    {"SESSION_LIMIT",               "slots",  &AppConfig::session_limit,                  1,     10000},
    {"SESSION_SECONDS",             "slots",  &AppConfig::session_seconds,                1,     24 * 3600},
    {"CLEANUP_INTERVAL_SECONDS",    "slots",  &AppConfig::cleanup_interval_seconds,       1,     24 * 3600},
    {"NO_SHOW_SECONDS",             "slots",  &AppConfig::no_show_seconds,                1,     24 * 3600},
    {"ABANDON_SECONDS",             "slots",  &AppConfig::abandon_seconds,                3,     24 * 3600},
    {"TASKS_MAX_ATTEMPTS",          "tasks",  &AppConfig::tasks_max_attempts,             1,     1000},
    {"HTTP_THREADS",                "http",   &AppConfig::http_threads,                   4,     4096},
    {"HTTP_QUEUE_LIMIT",            "http",   &AppConfig::http_queue_limit,               0,     100000},
    {"HTTP_MAX_CONNECTIONS",        "http",   &AppConfig::http_max_connections,           1,     1000000},
    {"HTTP_HEADER_TIMEOUT_SECONDS", "http",   &AppConfig::http_header_timeout_seconds,    1,     15},
    {"HTTP_KEEPALIVE_SECONDS",      "http",   &AppConfig::http_keepalive_seconds,         1,     3600},
    {"HTTP_BODY_TIMEOUT_SECONDS",   "http",   &AppConfig::http_body_timeout_seconds,      1,     3600},
    {"TRUSTED_PROXY_HOPS",          "http",   &AppConfig::trusted_proxy_hops,             0,     10},
    {"CREATE_LIMIT_PER_MINUTE",     "http",   &AppConfig::create_limit_per_minute,        0,     1000000},
    {"REQUEST_TIMEOUT_MS",          "http",   &AppConfig::request_timeout_ms,             100,   600000},
    {"RESUME_MAX_PDF_PAGES",        "resume", &AppConfig::resume_max_pdf_pages,           1,     1000},
    {"RESUME_TIME_BUDGET_MS",       "resume", &AppConfig::resume_time_budget_ms,          100,   60000},
    {"RESUME_MAX_DOCX_MIB",         "resume", &AppConfig::resume_max_docx_mib,            1,     1024},
    {"RESUME_RETENTION_DAYS",       "resume", &AppConfig::resume_retention_days,          0,     36500},
    {"STORE_BUSY_TIMEOUT_MS",       "store",  &AppConfig::store_busy_timeout_ms,          1,     600000},
    {"DIRECTORY_WORKERS",           "store",  &AppConfig::directory_workers,              1,     256, "STATUS_WORKERS"},
    {"INTERVIEW_STORE_WORKERS",     "store",  &AppConfig::interview_store_workers,        1,     256},
    {"SHUTDOWN_GRACE_SECONDS",      "ops",    &AppConfig::shutdown_grace_seconds,         0,     3600},
    {"LLM_POOL_SIZE",               "llm",    &AppConfig::llm_pool_size,                  1,     256, "GEMINI_POOL_SIZE"},
    {"INTERVIEW_TIMEOUT_MS",        "slots",  &AppConfig::interview_timeout_ms,           1000,  600000},
    {"INTERVIEW_IDLE_SECONDS",      "slots",  &AppConfig::interview_idle_seconds,         1,     86400},
    {"SWOT_CLAIM_STALE_SECONDS",    "slots",  &AppConfig::swot_claim_stale_seconds,       1,     86400},
};

}  // namespace

Result<AppConfig> load_config(const EnvLookup& env) {
  AppConfig c;
  Reader r{env, {}};
  // Defaults that depend on other variables, before STORE and TASK_QUEUE are read.
  bool firestore_configured = env("FIRESTORE_EMULATOR_HOST").has_value() ||
                              env("GOOGLE_CLOUD_PROJECT").has_value();
  c.store = firestore_configured ? "firestore" : "embedded";
  if (env("TASKS_PROJECT").has_value() && env("TASKS_JOIN_URL").has_value()) c.task_queue = "cloud-tasks";
  if (auto bucket = env("GCS_BUCKET_NAME"); bucket && !bucket->empty()) c.resume_storage = "cloud-storage";
  for (const auto& s : settings_table()) s.read(r, c);
  for (const auto& i : integer_table) {
    if (i.old_name && !env(i.name).has_value()) r.integer(i.old_name, c.*i.field, i.min, i.max);
    r.integer(i.name, c.*i.field, i.min, i.max);
  }
  if (!r.problems.empty()) {
    std::string msg = "invalid configuration:";
    for (const auto& p : r.problems) msg += "\n  " + p;
    return make_error(ErrorKind::bad_request, msg);
  }
  return c;
}

std::vector<SettingLine> setting_lines(const AppConfig& c) {
  std::vector<SettingLine> out;
  for (const auto& s : settings_table()) out.push_back({s.section, s.name, s.show(c)});
  for (const auto& i : integer_table) {
    out.push_back({i.section, i.name, std::to_string(c.*i.field)});
    if (i.old_name) out.push_back({i.section, i.old_name, std::string("(old name of ") + i.name + ")"});
  }
  return out;
}

std::vector<std::string> describe(const AppConfig& c) {
  std::vector<std::string> out;
  for (const auto& line : setting_lines(c)) out.push_back(line.name + "=" + line.value);
  return out;
}

}  // namespace interview
