#pragma once
// The embedded DocumentStore: one SQLite file (WAL) holding JSON documents.
// Transactions take SQLite's write lock up front (BEGIN IMMEDIATE), so two
// transactions — in this process or another on the same file — never interleave;
// a writer that cannot get the lock within busy_timeout fails as `conflict` and
// run_transaction retries it with backoff.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/store/document_store.hpp"

namespace interview::store {

struct SqliteOptions {
  std::string path;                       // the database file
  int busy_timeout_ms = 5000;             // wait for another writer's lock
  int max_readers = 8;                    // pooled read connections
  std::vector<std::string> indexed_fields;  // expression indexes created at open
  // ping() (so /health and /health/ready) fails while the disk holding the
  // file has less free space than this: a commit may then fail at any moment
  // (a candidate document with its resume text is ~10 KiB, a WAL frame 4 KiB);
  // 0 = no free-space check.
  std::uint64_t min_free_bytes = 1024 * 1024;
  // synchronous=FULL: every commit (WAL) is on the disk before it returns, so
  // a write acknowledged to a client survives a power loss. NORMAL (false) is
  // only for the benchmark that prices it (docs/BENCHMARKS.md): it can lose the
  // last commits on power loss.
  bool synchronous_full = true;
};

// Opens (creating if needed) the database; errors are values.
Result<std::unique_ptr<DocumentStore>> open_sqlite_store(const SqliteOptions& options);

}  // namespace interview::store
