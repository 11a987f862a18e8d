#include "sqlite/sqlite_connection.hpp"

#include "core/store/document_store.hpp"

namespace interview::store {

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (db) sqlite3_close(db);
    return make_error(ErrorKind::unavailable, "cannot open embedded store " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Error SqliteConnection::error_for(int rc, const std::string& what) const {
  int primary = rc & 0xff;
  auto kind = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? ErrorKind::conflict
                                                                     : ErrorKind::unavailable;
  if (primary == SQLITE_FULL) return make_error(kind, "embedded store cannot write: the disk is full");
  return make_error(kind, "embedded store: " + what + ": " + sqlite3_errmsg(db_));
}

sqlite3_stmt* SqliteConnection::statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throw StoreFailure{error_for(rc, "prepare")};
  statements_.emplace(sql, stmt);
  return stmt;
}

void SqliteConnection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) throw StoreFailure{error_for(rc, sql.substr(0, 40))};
}

}  // namespace interview::store
