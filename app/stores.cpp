#include "app/stores.hpp"

#include <filesystem>

#include "core/store/sqlite_store.hpp"

namespace interview {

Result<std::shared_ptr<store::DocumentStore>> open_store(const AppConfig& cfg) {
  if (cfg.store == "firestore")
    return make_error(ErrorKind::unavailable, "STORE=firestore is not available in this build yet");
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec) return make_error(ErrorKind::unavailable, "cannot create DATA_DIR " + cfg.data_dir + ": " + ec.message());
  store::SqliteOptions o;
  o.path = (std::filesystem::path(cfg.data_dir) / "interview.db").string();
  o.busy_timeout_ms = cfg.store_busy_timeout_ms;
  o.max_readers = cfg.status_workers + 4;
  o.indexed_fields = {"created_at", "expiry_time"};
  auto s = store::open_sqlite_store(o);
  if (!s) return s.error();
  return std::shared_ptr<store::DocumentStore>(std::move(s.value()));
}

}  // namespace interview
