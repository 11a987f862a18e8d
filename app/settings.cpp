#include "app/settings.hpp"

#include <cctype>
#include <initializer_list>
#include <utility>

#include "core/llm/text_util.hpp"

namespace interview {
namespace {

// ---- LLM providers: values are trimmed; the first invalid one is the error.

std::optional<std::string> trimmed(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  if (!v) return std::nullopt;
  auto t = llm::text::trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Error invalid(const std::string& name, const std::string& value, const std::string& expected) {
  return make_error(ErrorKind::bad_request,
                    name + " is invalid ('" + value + "'): expected " + expected);
}

// Milliseconds in [min, max]; digits only.
std::optional<Error> read_ms(const EnvLookup& env, const std::string& name, long long min,
                             long long max, std::chrono::milliseconds& out) {
  auto v = trimmed(env, name);
  if (!v) return std::nullopt;
  bool digits = v->size() <= 9 && v->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || std::stoll(*v) < min || std::stoll(*v) > max) {
    return invalid(name, *v, "a whole number of milliseconds between " + std::to_string(min) +
                                 " and " + std::to_string(max));
  }
  out = std::chrono::milliseconds(std::stoll(*v));
  return std::nullopt;
}

std::optional<Error> read_url(const EnvLookup& env, const std::string& name, std::string& out) {
  auto v = trimmed(env, name);
  if (!v) return std::nullopt;
  if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
    return invalid(name, *v, "an http:// or https:// URL");
  }
  while (!v->empty() && v->back() == '/') v->pop_back();
  out = *v;
  return std::nullopt;
}

// ---- Google Cloud adapters: a value counts when non-empty; every problem is
// collected, so an unused section can still be shown.

template <class Config>
struct GcpReader {
  const EnvLookup& env;
  Config config{};
  std::vector<std::string> problems{};

  std::string value_of(const char* name) const {
    auto v = env(name);
    return v ? *v : std::string();
  }
  // Each variable that is set replaces its field's default.
  void set(std::initializer_list<std::pair<const char*, std::string*>> vars) {
    for (const auto& [name, field] : vars)
      if (auto v = value_of(name); !v.empty()) *field = v;
  }
  // The first of `names` that is set; a problem when none is.
  void require(std::initializer_list<const char*> names, std::string& out, const char* problem) {
    for (const char* name : names)
      if (out = value_of(name); !out.empty()) return;
    problems.push_back(problem);
  }
  Result<Config> result() const {
    if (!problems.empty()) return make_error(ErrorKind::internal, problems.front());
    return config;
  }
};

GcpReader<gcp::FirestoreConfig> read_firestore(const EnvLookup& env) {
  GcpReader<gcp::FirestoreConfig> r{env};
  auto& c = r.config;
  r.require({"GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"}, c.project, "GOOGLE_CLOUD_PROJECT is not set (needed for Firestore)");
  r.set({{"FIRESTORE_DATABASE", &c.database}, {"FIRESTORE_EMULATOR_HOST", &c.emulator_host},
         {"FIRESTORE_BASE_URL", &c.base_url}});
  if (auto t = r.value_of("FIRESTORE_TIMEOUT_MS"); !t.empty()) {
    try {
      long ms = std::stol(t);
      if (ms > 0) c.request_timeout = std::chrono::milliseconds(ms);
    } catch (const std::exception&) {
      r.problems.push_back("FIRESTORE_TIMEOUT_MS is not a number");
    }
  }
  return r;
}

GcpReader<gcp::CloudTasksConfig> read_cloud_tasks(const EnvLookup& env) {
  GcpReader<gcp::CloudTasksConfig> r{env};
  auto& c = r.config;
  r.require({"TASKS_PROJECT", "GOOGLE_CLOUD_PROJECT"}, c.project, "TASKS_PROJECT (or GOOGLE_CLOUD_PROJECT) is not set");
  r.set({{"TASKS_LOCATION", &c.location}, {"TASKS_QUEUE", &c.queue}});
  r.require({"TASKS_JOIN_URL"}, c.join_url, "TASKS_JOIN_URL is not set");
  r.set({{"TASKS_SERVICE_ACCOUNT", &c.service_account}, {"TASKS_OIDC_AUDIENCE", &c.audience},
         {"CLOUD_TASKS_BASE_URL", &c.base_url}});
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  return r;
}

GcpReader<gcp::CloudStorageConfig> read_cloud_storage(const EnvLookup& env) {
  GcpReader<gcp::CloudStorageConfig> r{env};
  auto& c = r.config;
  r.require({"GCS_BUCKET_NAME"}, c.bucket, "GCS_BUCKET_NAME is not set (needed for RESUME_STORAGE=cloud-storage)");
  r.set({{"GCS_RESUME_FOLDER", &c.folder}, {"STORAGE_EMULATOR_HOST", &c.emulator_host},
         {"CLOUD_STORAGE_BASE_URL", &c.base_url}});
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  while (!c.folder.empty() && c.folder.back() == '/') c.folder.pop_back();
  // The folder and bucket become part of every object path and URL: plain names only.
  auto plain = [](const std::string& v, bool slashes) {
    for (char ch : v)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' || (slashes && ch == '/')))
        return false;
    return !v.empty() && v.find("..") == std::string::npos && v.front() != '/';
  };
  if (!c.bucket.empty() && !plain(c.bucket, false))
    r.problems.push_back("GCS_BUCKET_NAME must be a bucket name (letters, digits, '-', '_', '.')");
  if (!plain(c.folder, true)) r.problems.push_back("GCS_RESUME_FOLDER must be a plain object prefix such as resume");
  if (auto t = r.value_of("GCS_TIMEOUT_MS"); !t.empty()) {
    bool digits = t.size() <= 7 && t.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stol(t) < 100) r.problems.push_back("GCS_TIMEOUT_MS must be a whole number of milliseconds from 100");
    else c.request_timeout = std::chrono::milliseconds(std::stol(t));
  }
  return r;
}

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }

}  // namespace

Result<llm::LlmConfig> load_llm_config(const EnvLookup& env) {
  using llm::Provider;
  llm::LlmConfig c;
  if (auto key = trimmed(env, "GEMINI_API_KEY")) c.gemini_api_key = *key;
  if (auto model = trimmed(env, "GEMINI_MODEL")) c.gemini_model = *model;
  if (auto e = read_url(env, "GEMINI_BASE_URL", c.gemini_base_url)) return *e;
  if (auto e = read_ms(env, "GEMINI_TIMEOUT_MS", 100, 600000, c.gemini_timeout)) return *e;
  if (auto e = read_url(env, "OPENAI_BASE_URL", c.openai_base_url)) return *e;
  if (auto key = trimmed(env, "OPENAI_API_KEY")) c.openai_api_key = *key;
  if (auto model = trimmed(env, "OPENAI_MODEL")) c.openai_model = *model;
  if (auto e = read_ms(env, "OPENAI_TIMEOUT_MS", 100, 600000, c.openai_timeout)) return *e;
  if (auto e = read_ms(env, "LLM_RETRY_BUDGET_MS", 0, 600000, c.retry_budget)) return *e;
  if (auto role = trimmed(env, "INTERVIEW_ROLE")) c.profile.role = *role;
  if (auto focus = trimmed(env, "INTERVIEW_FOCUS")) {
    c.profile.focus = llm::text::split_list(*focus);
    if (c.profile.focus.empty()) {
      return invalid("INTERVIEW_FOCUS", *focus, "a comma-separated list of technologies");
    }
  }
  if (c.gemini_model.find('/') != std::string::npos && c.gemini_model.rfind("models/", 0) != 0) {
    return invalid("GEMINI_MODEL", c.gemini_model, "a model name such as gemini-flash-latest");
  }

  auto provider = trimmed(env, "LLM_PROVIDER");
  std::string chosen = provider ? llm::text::to_lower(*provider)
                                : (c.gemini_api_key.empty() ? "offline" : "gemini");
  if (chosen == "gemini") c.provider = Provider::gemini;
  else if (chosen == "openai") c.provider = Provider::openai;
  else if (chosen == "offline") c.provider = Provider::offline;
  else return invalid("LLM_PROVIDER", *provider, "one of gemini, openai, offline");

  if (c.provider == Provider::gemini && c.gemini_api_key.empty()) {
    return make_error(ErrorKind::bad_request,
                      "LLM_PROVIDER=gemini needs GEMINI_API_KEY (or set LLM_PROVIDER=offline)");
  }
  if (c.provider == Provider::openai && (c.openai_base_url.empty() || c.openai_model.empty())) {
    return make_error(ErrorKind::bad_request,
                      "LLM_PROVIDER=openai needs OPENAI_BASE_URL and OPENAI_MODEL");
  }
  return c;
}

Result<gcp::FirestoreConfig> load_firestore_config(const EnvLookup& env) { return read_firestore(env).result(); }

Result<gcp::CloudTasksConfig> load_cloud_tasks_config(const EnvLookup& env) { return read_cloud_tasks(env).result(); }

Result<gcp::CloudStorageConfig> load_cloud_storage_config(const EnvLookup& env) { return read_cloud_storage(env).result(); }

gcp::GoogleAuthConfig load_google_auth_config(const EnvLookup& env) {
  GcpReader<gcp::GoogleAuthConfig> r{env};
  auto& c = r.config;
  r.set({{"GOOGLE_APPLICATION_CREDENTIALS", &c.credentials_file}, {"GOOGLE_TOKEN_URI", &c.token_uri},
         {"GCE_METADATA_HOST", &c.metadata_host}});
  return c;
}

Result<Settings> load_settings(const EnvLookup& env) {
  auto app = load_config(env);
  if (!app) return app.error();
  auto llm = load_llm_config(env);
  if (!llm) return llm.error();
  Settings s;
  s.app = std::move(app.value());
  s.llm = std::move(llm.value());
  // Read even when unused, so the start-up log shows them; only the used ones must be valid.
  auto firestore = read_firestore(env);
  s.firestore = firestore.config;
  if (s.app.store == "firestore" && !firestore.problems.empty()) return firestore.result().error();
  auto tasks = read_cloud_tasks(env);
  s.tasks = tasks.config;
  if (s.app.task_queue == "cloud-tasks" && !tasks.problems.empty()) return tasks.result().error();
  auto storage = read_cloud_storage(env);
  s.storage = storage.config;
  if (s.app.resume_storage == "cloud-storage" && !storage.problems.empty()) return storage.result().error();
  s.auth = load_google_auth_config(env);
  return s;
}

std::vector<SettingsSection> settings_sections(const Settings& s) {
  const auto& l = s.llm;
  const auto& f = s.firestore;
  const auto& t = s.tasks;
  const auto& g = s.storage;
  std::vector<SettingLine> lines = setting_lines(s.app);
  std::vector<SettingLine> adapters = {
      {"llm", "LLM_PROVIDER", llm::to_string(l.provider)},
      {"llm", "GEMINI_API_KEY", masked(l.gemini_api_key)},
      {"llm", "GEMINI_MODEL", l.gemini_model},
      {"llm", "GEMINI_BASE_URL", l.gemini_base_url},
      {"llm", "GEMINI_TIMEOUT_MS", ms(l.gemini_timeout)},
      {"llm", "OPENAI_BASE_URL", l.openai_base_url},
      {"llm", "OPENAI_API_KEY", masked(l.openai_api_key)},
      {"llm", "OPENAI_MODEL", l.openai_model},
      {"llm", "OPENAI_TIMEOUT_MS", ms(l.openai_timeout)},
      {"llm", "LLM_RETRY_BUDGET_MS", ms(l.retry_budget)},
      {"llm", "INTERVIEW_ROLE", l.profile.role},
      {"llm", "INTERVIEW_FOCUS", llm::join_focus(l.profile)},
      {"firestore", "GOOGLE_CLOUD_PROJECT", f.project},
      {"firestore", "FIRESTORE_DATABASE", f.database},
      {"firestore", "FIRESTORE_EMULATOR_HOST", f.emulator_host},
      {"firestore", "FIRESTORE_BASE_URL", f.base_url},
      {"firestore", "FIRESTORE_TIMEOUT_MS", ms(f.request_timeout)},
      {"cloud-tasks", "TASKS_PROJECT", t.project},
      {"cloud-tasks", "TASKS_LOCATION", t.location},
      {"cloud-tasks", "TASKS_QUEUE", t.queue},
      {"cloud-tasks", "TASKS_JOIN_URL", t.join_url},
      {"cloud-tasks", "TASKS_SERVICE_ACCOUNT", t.service_account},
      {"cloud-tasks", "TASKS_OIDC_AUDIENCE", t.audience},
      {"cloud-tasks", "CLOUD_TASKS_BASE_URL", t.base_url},
      {"cloud-storage", "GCS_BUCKET_NAME", g.bucket},
      {"cloud-storage", "GCS_RESUME_FOLDER", g.folder},
      {"cloud-storage", "STORAGE_EMULATOR_HOST", g.emulator_host},
      {"cloud-storage", "CLOUD_STORAGE_BASE_URL", g.base_url},
      {"cloud-storage", "GCS_TIMEOUT_MS", ms(g.request_timeout)},
      {"auth", "GOOGLE_APPLICATION_CREDENTIALS", masked(s.auth.credentials_file)},  // the key file
      {"auth", "GOOGLE_TOKEN_URI", s.auth.token_uri},
      {"auth", "GCE_METADATA_HOST", s.auth.metadata_host},
  };
  lines.insert(lines.end(), adapters.begin(), adapters.end());

  std::vector<SettingsSection> out;
  for (const char* name : {"http", "slots", "store", "firestore", "tasks", "cloud-tasks", "cloud-storage", "auth", "llm", "resume",
                           "logging", "ops"}) {
    SettingsSection section{name, {}};
    for (const auto& line : lines)
      if (line.section == name) section.lines.push_back(line);
    if (section.name == "firestore" && s.app.store != "firestore") section.name += " (not used)";
    if (section.name == "cloud-tasks" && s.app.task_queue != "cloud-tasks") section.name += " (not used)";
    if (section.name == "cloud-storage" && s.app.resume_storage != "cloud-storage") section.name += " (not used)";
    out.push_back(std::move(section));
  }
  return out;
}

std::string render(const SettingsSection& section) {
  std::string out = section.name + ":";
  for (const auto& line : section.lines) {
    bool quote = line.value.empty() || line.value.find_first_of(" \t\"") != std::string::npos;
    out += " " + line.name + "=" + (quote ? "\"" + line.value + "\"" : line.value);
  }
  return out;
}

}  // namespace interview
