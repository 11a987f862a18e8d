#pragma once
// The whole settings tree, read once from the environment at start-up: the
// service's own sections (AppConfig: http, slots, store, tasks, logging,
// resume, ops) and the options each adapter family takes (LLM providers,
// Firestore, Cloud Tasks, Google auth). The adapters never read the
// environment: app/ fills their structs here. settings_sections() is what the
// start-up log prints: every variable, secrets masked.
#include <string>
#include <vector>

#include "app/config.hpp"
#include "core/llm/llm_config.hpp"
#include "core/result.hpp"
#include "gcp/auth/google_auth.hpp"
#include "gcp/firestore/firestore_config.hpp"
#include "gcp/storage/cloud_storage_config.hpp"
#include "gcp/tasks/cloud_tasks_config.hpp"

namespace interview {

struct Settings {
  AppConfig app;
  llm::LlmConfig llm;
  gcp::FirestoreConfig firestore;  // used when app.store == "firestore"
  gcp::CloudTasksConfig tasks;     // used when app.task_queue == "cloud-tasks"
  gcp::CloudStorageConfig storage; // used when app.resume_storage == "cloud-storage"
  gcp::GoogleAuthConfig auth;      // Firestore (not on the emulator) and Cloud Tasks
};

// Validated once; the first invalid group stops start-up: AppConfig (every bad
// variable named), then the LLM provider, then Firestore and Cloud Tasks when
// they are the ones used.
Result<Settings> load_settings(const EnvLookup& env);

// Each adapter family's options on their own (load_settings uses these).
// Invalid values -> Error{bad_request} naming the variable and what is expected.
Result<llm::LlmConfig> load_llm_config(const EnvLookup& env);
// Errors when the project is missing.
Result<gcp::FirestoreConfig> load_firestore_config(const EnvLookup& env);
// Errors name the missing variable.
Result<gcp::CloudTasksConfig> load_cloud_tasks_config(const EnvLookup& env);
// Errors when GCS_BUCKET_NAME is missing or a value is invalid.
Result<gcp::CloudStorageConfig> load_cloud_storage_config(const EnvLookup& env);
gcp::GoogleAuthConfig load_google_auth_config(const EnvLookup& env);

// The start-up log: one section a line, every variable, secrets masked.
struct SettingsSection {
  std::string name;  // "firestore (not used)" when the store is another
  std::vector<SettingLine> lines;
};
std::vector<SettingsSection> settings_sections(const Settings& s);
// "http: HOST=0.0.0.0 PORT=8000 ..." (values with spaces quoted).
std::string render(const SettingsSection& section);

}  // namespace interview
