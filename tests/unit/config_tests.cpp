// Configuration: defaults, every variable read, and invalid values refused
// with a message naming the variable.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "app/config.hpp"
#include "app/settings.hpp"
#include "ops/logging.hpp"
#include "tests/support/fake_env.hpp"

using namespace interview;
using interview::testing::env_of;

TEST_CASE("config: an empty environment gives the old backend's defaults and the embedded store") {
  auto c = load_config(env_of({}));
  REQUIRE(c.ok());
  CHECK(c->host == "0.0.0.0");
  CHECK(c->port == 8000);
  CHECK(c->session_limit == 3);
  CHECK(c->session_seconds == 300);
  CHECK(c->cleanup_interval_seconds == 60);
  CHECK(c->store == "embedded");
  CHECK(c->data_dir == "./data");
  CHECK(c->task_queue == "in-process");
  CHECK(c->cors_origins == std::vector<std::string>{"http://localhost:5173", "http://localhost:3000"});
}

TEST_CASE("config: Firestore and Cloud Tasks become the defaults when they are configured") {
  auto c = load_config(env_of({{"GOOGLE_CLOUD_PROJECT", "p"}, {"TASKS_PROJECT", "p"}, {"TASKS_JOIN_URL", "https://x/users/join"}}));
  REQUIRE(c.ok());
  CHECK(c->store == "firestore");
  CHECK(c->task_queue == "cloud-tasks");
  auto forced = load_config(env_of({{"GOOGLE_CLOUD_PROJECT", "p"}, {"STORE", "embedded"}}));
  REQUIRE(forced.ok());
  CHECK(forced->store == "embedded");
}

TEST_CASE("config: values are read and CORS origins are trimmed") {
  auto c = load_config(env_of({{"PORT", "9090"}, {"SESSION_LIMIT", "5"}, {"SESSION_SECONDS", "60"},
                               {"CORS_ORIGINS", " https://a.example.com/ ,http://b:3000"}, {"LOG_LEVEL", "debug"},
                               {"ADMIN_TOKEN", "t0k3n"}, {"RESUME_MAX_PDF_PAGES", "10"}}));
  REQUIRE(c.ok());
  CHECK(c->port == 9090);
  CHECK(c->session_limit == 5);
  CHECK(c->session_seconds == 60);
  CHECK(c->cors_origins == std::vector<std::string>{"https://a.example.com", "http://b:3000"});
  CHECK(c->log_level == "debug");
  CHECK(c->resume_max_pdf_pages == 10);
}

TEST_CASE("config: invalid values stop start-up, naming every bad variable") {
  auto c = load_config(env_of({{"PORT", "eighty"}, {"SESSION_LIMIT", "0"}, {"STORE", "mongo"},
                               {"SESSION_SECONDS", "-5"}, {"LOG_LEVEL", "loud"}, {"HTTP_THREADS", "12abc"}}));
  REQUIRE_FALSE(c.ok());
  for (const char* name : {"PORT", "SESSION_LIMIT", "STORE", "SESSION_SECONDS", "LOG_LEVEL", "HTTP_THREADS"})
    CHECK_MESSAGE(c.error().message.find(name) != std::string::npos, name);
}

TEST_CASE("config: the start-up description masks the admin token") {
  auto c = load_config(env_of({{"ADMIN_TOKEN", "super-secret-value"}}));
  REQUIRE(c.ok());
  std::string all;
  for (const auto& line : describe(*c)) all += line + "\n";
  CHECK(all.find("super-secret-value") == std::string::npos);
  CHECK(all.find("ADMIN_TOKEN=***") != std::string::npos);
}

TEST_CASE("config: connection settings are read, and a header deadline over 15 s is refused") {
  auto c = load_config(env_of({{"HTTP_QUEUE_LIMIT", "0"}, {"HTTP_MAX_CONNECTIONS", "500"},
                               {"HTTP_HEADER_TIMEOUT_SECONDS", "5"}, {"HTTP_KEEPALIVE_SECONDS", "75"},
                               {"HTTP_BODY_TIMEOUT_SECONDS", "20"}, {"TRUSTED_PROXY_HOPS", "1"}}));
  REQUIRE(c.ok());
  // queue limit, max connections, header / keep-alive / body timeouts, proxy hops
  CHECK(std::vector<int>{c->http_queue_limit, c->http_max_connections, c->http_header_timeout_seconds,
                         c->http_keepalive_seconds, c->http_body_timeout_seconds, c->trusted_proxy_hops} ==
        std::vector<int>{0, 500, 5, 75, 20, 1});
  auto bad = load_config(env_of({{"HTTP_HEADER_TIMEOUT_SECONDS", "30"}, {"TRUSTED_PROXY_HOPS", "-1"}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("HTTP_HEADER_TIMEOUT_SECONDS") != std::string::npos);
  CHECK(bad.error().message.find("TRUSTED_PROXY_HOPS") != std::string::npos);
}

TEST_CASE("config: CREATE_LIMIT_PER_MINUTE is 20 by default, 0 turns it off, a negative value is refused") {
  CHECK(load_config(env_of({}))->create_limit_per_minute == 20);
  CHECK(load_config(env_of({{"CREATE_LIMIT_PER_MINUTE", "0"}}))->create_limit_per_minute == 0);
  CHECK(load_config(env_of({{"CREATE_LIMIT_PER_MINUTE", "600"}}))->create_limit_per_minute == 600);
  auto bad = load_config(env_of({{"CREATE_LIMIT_PER_MINUTE", "-1"}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("CREATE_LIMIT_PER_MINUTE") != std::string::npos);
  auto lines = describe(*load_config(env_of({})));
  CHECK(std::find(lines.begin(), lines.end(), "CREATE_LIMIT_PER_MINUTE=20") != lines.end());
}

TEST_CASE("settings: the start-up log names every variable read and shows no secret") {
  const std::map<std::string, std::string> vars = {
      {"ADMIN_TOKEN", "admin-secret-token-42"},
      {"GEMINI_API_KEY", "AIzaSyGEMINISECRET0123456789"},
      {"OPENAI_API_KEY", "sk-openai-secret-9876"},
      {"LLM_PROVIDER", "openai"},
      {"OPENAI_BASE_URL", "http://127.0.0.1:8080"},
      {"OPENAI_MODEL", "llama3"},
      {"GOOGLE_CLOUD_PROJECT", "p"},
      {"TASKS_JOIN_URL", "https://x/users/join"},
      {"TASK_QUEUE", "cloud-tasks"},
      {"GOOGLE_APPLICATION_CREDENTIALS", "/secrets/sa-key.json"}};
  std::vector<std::string> asked;  // every variable the readers look up
  auto fake = env_of(vars);
  auto s = load_settings([&](const std::string& name) {
    asked.push_back(name);
    return fake(name);
  });
  REQUIRE(s.ok());
  std::string all;
  for (const auto& section : settings_sections(*s)) all += render(section) + "\n";
  for (const char* secret : {"admin-secret-token-42", "AIzaSy", "GEMINISECRET", "sk-openai", "9876", "6789", "sa-key"})
    CHECK_MESSAGE(all.find(secret) == std::string::npos, secret);
  for (const char* name : {"ADMIN_TOKEN=***", "GEMINI_API_KEY=***", "OPENAI_API_KEY=***", "GOOGLE_APPLICATION_CREDENTIALS=***"})
    CHECK_MESSAGE(all.find(name) != std::string::npos, name);
  REQUIRE(asked.size() > 50);
  for (const auto& name : asked) CHECK_MESSAGE(all.find(" " + name + "=") != std::string::npos, name);
  // Firestore is the store here; Cloud Tasks the queue.
  CHECK(all.find("firestore: GOOGLE_CLOUD_PROJECT=p") != std::string::npos);
  CHECK(all.find("cloud-tasks: TASKS_PROJECT=p") != std::string::npos);
}

TEST_CASE("settings: an unused adapter is shown but not validated; a used one is") {
  auto embedded = load_settings(env_of({}));
  REQUIRE(embedded.ok());
  std::string all;
  for (const auto& section : settings_sections(*embedded)) all += render(section) + "\n";
  CHECK(all.find("firestore (not used): GOOGLE_CLOUD_PROJECT=\"\"") != std::string::npos);
  CHECK(all.find("cloud-tasks (not used):") != std::string::npos);
  auto firestore = load_settings(env_of({{"STORE", "firestore"}}));
  REQUIRE_FALSE(firestore.ok());
  CHECK(firestore.error().message == "GOOGLE_CLOUD_PROJECT is not set (needed for Firestore)");
  auto tasks = load_settings(env_of({{"TASK_QUEUE", "cloud-tasks"}, {"TASKS_PROJECT", "p"}}));
  REQUIRE_FALSE(tasks.ok());
  CHECK(tasks.error().message == "TASKS_JOIN_URL is not set");
}

TEST_CASE("settings: with LOG_FORMAT=json the start-up settings are JSON lines, secrets still hidden") {
  auto s = load_settings(env_of({{"LOG_FORMAT", "json"},
                                 {"ADMIN_TOKEN", "admin-secret-token-42"},
                                 {"GEMINI_API_KEY", "AIzaSyGEMINISECRET0123456789"}}));
  REQUIRE(s.ok());
  std::ostringstream out;
  ops::LoggingOptions options;
  options.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  ops::setup_logging(ops::LogFormat::json, spdlog::level::info, options);
  // What main() logs at start-up.
  for (const auto& section : settings_sections(*s)) spdlog::info("config {}", render(section));
  ops::setup_logging(ops::LogFormat::text, spdlog::level::off);
  std::istringstream lines(out.str());
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), line);
    CHECK(j.value("message", "").rfind("config ", 0) == 0);
  }
  CHECK(count == settings_sections(*s).size());
  CHECK(out.str().find("admin-secret-token-42") == std::string::npos);
  CHECK(out.str().find("GEMINISECRET") == std::string::npos);
  CHECK(out.str().find("ADMIN_TOKEN=") != std::string::npos);
  CHECK(out.str().find("LOG_FORMAT=json") != std::string::npos);
}

TEST_CASE("config: pool settings have names that say what they size; the old names are still read") {
  auto old_names = load_config(env_of({{"STATUS_WORKERS", "3"}, {"GEMINI_POOL_SIZE", "5"}}));
  REQUIRE(old_names.ok());
  CHECK(old_names->directory_workers == 3);
  CHECK(old_names->llm_pool_size == 5);
  auto both = load_config(env_of({{"STATUS_WORKERS", "3"}, {"DIRECTORY_WORKERS", "4"}, {"LLM_POOL_SIZE", "6"}}));
  REQUIRE(both.ok());
  CHECK(both->directory_workers == 4);
  CHECK(both->llm_pool_size == 6);
  CHECK_FALSE(load_config(env_of({{"GEMINI_POOL_SIZE", "0"}})).ok());
}

TEST_CASE("config: SWOT_CLAIM_STALE_SECONDS is 180 by default, read, logged, and 0 is refused") {
  CHECK(load_config(env_of({}))->swot_claim_stale_seconds == 180);
  CHECK(load_config(env_of({{"SWOT_CLAIM_STALE_SECONDS", "4"}}))->swot_claim_stale_seconds == 4);
  auto bad = load_config(env_of({{"SWOT_CLAIM_STALE_SECONDS", "0"}}));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("SWOT_CLAIM_STALE_SECONDS") != std::string::npos);
  auto lines = describe(*load_config(env_of({})));
  CHECK(std::find(lines.begin(), lines.end(), "SWOT_CLAIM_STALE_SECONDS=180") != lines.end());
}

TEST_CASE("config: resume files go to the data folder by default, to Cloud Storage when a bucket is named") {
  auto c = load_config(env_of({}));
  CHECK(c->resume_storage == "folder");
  CHECK(c->resume_retention_days == 30);
  CHECK(load_config(env_of({{"GCS_BUCKET_NAME", "hiring-resumes"}}))->resume_storage == "cloud-storage");
  CHECK(load_config(env_of({{"GCS_BUCKET_NAME", "b"}, {"RESUME_STORAGE", "folder"}}))->resume_storage == "folder");
  CHECK(load_config(env_of({{"RESUME_RETENTION_DAYS", "0"}}))->resume_retention_days == 0);
  for (const char* bad : {"-1", "36501", "7d"}) {
    auto r = load_config(env_of({{"RESUME_RETENTION_DAYS", bad}}));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("RESUME_RETENTION_DAYS") != std::string::npos);
  }
  auto other = load_config(env_of({{"RESUME_STORAGE", "s3"}}));
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().message.find("RESUME_STORAGE") != std::string::npos);
}

TEST_CASE("settings: Cloud Storage needs a plain bucket name and object prefix; the emulator host is read") {
  auto s = load_settings(env_of({{"GCS_BUCKET_NAME", "hiring-resumes"}, {"STORAGE_EMULATOR_HOST", "127.0.0.1:9023"},
                                 {"GCS_RESUME_FOLDER", "cv/"}}));
  REQUIRE(s.ok());
  CHECK(s->storage.bucket == "hiring-resumes");
  CHECK(s->storage.folder == "cv");
  CHECK(s->storage.emulator_host == "127.0.0.1:9023");
  std::string all;
  for (const auto& section : settings_sections(*s)) all += render(section) + "\n";
  CHECK(all.find("cloud-storage: GCS_BUCKET_NAME=hiring-resumes") != std::string::npos);
  CHECK(all.find("RESUME_STORAGE=cloud-storage") != std::string::npos);
  CHECK(load_settings(env_of({}))->storage.folder == "resume");  // the old backend's GCS_RESUME_FOLDER default

  auto missing = load_settings(env_of({{"RESUME_STORAGE", "cloud-storage"}}));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("GCS_BUCKET_NAME is not set") != std::string::npos);
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"GCS_BUCKET_NAME", "a/b"}, {"GCS_BUCKET_NAME", "x?y"}, {"GCS_RESUME_FOLDER", "../up"},
           {"GCS_RESUME_FOLDER", "/abs"}, {"GCS_TIMEOUT_MS", "fast"}}) {
    CAPTURE(name);
    CAPTURE(value);
    std::map<std::string, std::string> env{{"GCS_BUCKET_NAME", "ok-bucket"}};
    env[name] = value;
    auto r = load_settings(env_of(env));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find(name) != std::string::npos);
  }
}
