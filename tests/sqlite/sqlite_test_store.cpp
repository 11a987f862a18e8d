#include <atomic>
#include <filesystem>
#include <string>

#include "sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

std::unique_ptr<interview::store::DocumentStore> make_test_store() {
  static interview::testing::TempDir dir("store-conformance");
  static std::atomic<int> n{0};
  interview::store::SqliteOptions o;
  o.path = dir.path() + "/store-" + std::to_string(n++) + ".db";
  o.indexed_fields = {"created_at", "expiry_time", "status"};  // "n" stays unindexed: both query paths run
  auto s = interview::store::open_sqlite_store(o);
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(s.value());
}
