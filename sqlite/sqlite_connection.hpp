#pragma once
// A SQLite connection with a prepared-statement cache (the hot /status path
// re-runs the same few statements; preparing them each time costs more than
// running them).
#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "core/result.hpp"

namespace interview::store {

class SqliteConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // A reset statement from the cache, ready to bind; throws StoreFailure on error.
  sqlite3_stmt* statement(const std::string& sql);
  // Runs SQL without results; throws StoreFailure on error.
  void exec(const std::string& sql);
  sqlite3* handle() { return db_; }
  // Maps a SQLite result code to an Error (busy/locked → conflict, retryable).
  Error error_for(int rc, const std::string& what) const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// Resets a statement when it goes out of scope, so cached statements never hold
// a read snapshot open.
class StatementGuard {
 public:
  explicit StatementGuard(sqlite3_stmt* s) : s_(s) {}
  ~StatementGuard() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

}  // namespace interview::store
