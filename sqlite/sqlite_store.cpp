#include "sqlite/sqlite_store.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "sqlite/sqlite_connection.hpp"
#include "core/retry/backoff.hpp"
#include "core/store/store_counters.hpp"

namespace interview::store {
namespace {

using nlohmann::json;

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  data TEXT NOT NULL,
  update_time INTEGER NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
-- Single-field indexes of the indexed fields (as Firestore keeps them): counts
-- on them are index-only range scans. Expression indexes on `documents` are not
-- covering in SQLite 3.40, so a count through them seeks the table per row.
CREATE TABLE IF NOT EXISTS field_index (
  collection TEXT NOT NULL,
  field TEXT NOT NULL,
  value NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (collection, field, value, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS field_index_by_id ON field_index(collection, field, id);
)sql";

// Field names become part of SQL text, so only plain identifiers (and dotted
// paths of them) are accepted.
bool valid_field(const std::string& f) {
  if (f.empty()) return false;
  bool start = true;
  for (char c : f) {
    if (c == '.') {
      if (start) return false;
      start = true;
      continue;
    }
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && !start))) return false;
    start = false;
  }
  return !start;
}

std::string json_path(const std::string& field) {
  std::string p = "$";
  size_t begin = 0;
  while (true) {
    size_t dot = field.find('.', begin);
    p += ".\"" + field.substr(begin, dot - begin) + "\"";
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  return p;
}

// The sortable value of a field: a timestamp's RFC 3339 text (fixed width, so
// text order is time order), otherwise the JSON scalar itself.
std::string field_expr(const std::string& field) {
  std::string p = json_path(field);
  return "COALESCE(json_extract(data, '" + p + ".\"timestampValue\"'), json_extract(data, '" + p +
         "'))";
}

const char* op_sql(Op op) {
  switch (op) {
    case Op::eq: return "=";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
  }
  return "=";
}

void bind_value(sqlite3_stmt* s, int i, const json& v) {
  if (auto ts = as_timestamp(v)) {
    std::string text = format_rfc3339(*ts);
    sqlite3_bind_text(s, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  } else if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    sqlite3_bind_text(s, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  } else if (v.is_boolean()) {
    sqlite3_bind_int(s, i, v.get<bool>() ? 1 : 0);
  } else if (v.is_number_integer()) {
    sqlite3_bind_int64(s, i, v.get<std::int64_t>());
  } else if (v.is_number()) {
    sqlite3_bind_double(s, i, v.get<double>());
  } else {
    std::string text = v.dump();
    sqlite3_bind_text(s, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
}

void bind_text(sqlite3_stmt* s, int i, const std::string& text) {
  sqlite3_bind_text(s, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string where_clause(const Query& q) {
  std::string sql = " WHERE collection = ?1";
  std::set<std::string> present;
  for (const auto& f : q.filters) {
    if (!valid_field(f.field)) throw StoreFailure{make_error(ErrorKind::bad_request, "invalid field name: " + f.field)};
    present.insert(f.field);
  }
  if (q.order_by) {
    if (!valid_field(q.order_by->first))
      throw StoreFailure{make_error(ErrorKind::bad_request, "invalid field name: " + q.order_by->first)};
    present.insert(q.order_by->first);
  }
  // As in Firestore: documents lacking a filtered or ordered field are not returned.
  for (const auto& f : present) sql += " AND " + field_expr(f) + " IS NOT NULL";
  int index = 2;
  for (const auto& f : q.filters) {
    if (f.value.is_null()) {
      sql += std::string(" AND json_type(data, '") + json_path(f.field) + "') " +
             (f.op == Op::ne ? "!= 'null'" : "= 'null'");
      continue;
    }
    sql += " AND " + field_expr(f.field) + " " + op_sql(f.op) + " ?" + std::to_string(index++);
  }
  return sql;
}

void bind_filters(sqlite3_stmt* s, const Query& q) {
  bind_text(s, 1, q.collection);
  int index = 2;
  for (const auto& f : q.filters)
    if (!f.value.is_null()) bind_value(s, index++, f.value);
}

TimePoint from_micros(std::int64_t us) { return TimePoint(std::chrono::microseconds(us)); }

Document read_row(sqlite3_stmt* s, int id_col, int data_col, int time_col) {
  Document d;
  d.id = reinterpret_cast<const char*>(sqlite3_column_text(s, id_col));
  d.fields = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(s, data_col)));
  d.update_time = from_micros(sqlite3_column_int64(s, time_col));
  return d;
}

int step(SqliteConnection& c, sqlite3_stmt* s, const char* what) {
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw StoreFailure{c.error_for(rc, what)};
  return rc;
}

std::optional<Document> do_get(SqliteConnection& c, const std::string& coll, const std::string& id) {
  StatementGuard g(c.statement("SELECT id, data, update_time FROM documents WHERE collection = ?1 AND id = ?2"));
  bind_text(g.get(), 1, coll);
  bind_text(g.get(), 2, id);
  if (step(c, g.get(), "get") == SQLITE_ROW) return read_row(g.get(), 0, 1, 2);
  return std::nullopt;
}

std::vector<Document> do_query(SqliteConnection& c, const Query& q) {
  std::string sql = "SELECT id, data, update_time FROM documents" + where_clause(q);
  if (q.order_by)
    sql += " ORDER BY " + field_expr(q.order_by->first) +
           (q.order_by->second == Direction::asc ? " ASC" : " DESC") + ", id ASC";
  else
    sql += " ORDER BY id ASC";
  if (q.limit) sql += " LIMIT " + std::to_string(std::max(0, *q.limit));
  StatementGuard g(c.statement(sql));
  bind_filters(g.get(), q);
  std::vector<Document> out;
  while (step(c, g.get(), "query") == SQLITE_ROW) out.push_back(read_row(g.get(), 0, 1, 2));
  return out;
}

std::int64_t do_count(SqliteConnection& c, const Query& q);

// A query whose filters and order all use one indexed field is answered from
// field_index (an index range scan) instead of evaluating JSON per document.
bool uses_one_indexed_field(const Query& q, const std::set<std::string>& indexed) {
  std::string f = !q.filters.empty() ? q.filters.front().field : q.order_by ? q.order_by->first : "";
  if (f.empty() || !indexed.count(f)) return false;
  for (const auto& filter : q.filters)
    if (filter.field != f || filter.value.is_null()) return false;
  return !q.order_by || q.order_by->first == f;
}

std::string index_where(const Query& q) {
  std::string sql = " WHERE fi.collection = ?1 AND fi.field = ?2";
  int index = 3;
  for (const auto& f : q.filters) sql += std::string(" AND fi.value ") + op_sql(f.op) + " ?" + std::to_string(index++);
  return sql;
}

// Index order is value, then id: Firestore's order for ties.
std::string index_order_and_limit(const Query& q) {
  bool desc = q.order_by && q.order_by->second == Direction::desc;
  std::string sql = q.order_by ? std::string(" ORDER BY fi.value ") + (desc ? "DESC" : "ASC") + ", fi.id ASC"
                               : " ORDER BY fi.id ASC";
  if (q.limit) sql += " LIMIT " + std::to_string(std::max(0, *q.limit));
  return sql;
}

void bind_index_filters(sqlite3_stmt* s, const Query& q) {
  bind_text(s, 1, q.collection);
  bind_text(s, 2, !q.filters.empty() ? q.filters.front().field : q.order_by->first);
  int index = 3;
  for (const auto& f : q.filters) bind_value(s, index++, f.value);
}

// COUNT(*) over `SELECT 1 FROM <from_where>` with the query's limit; `bind`
// binds the filter values of that text.
std::int64_t count_limited(SqliteConnection& c, const std::string& from_where, const Query& q,
                           void (*bind)(sqlite3_stmt*, const Query&)) {
  std::string inner = "SELECT 1 FROM " + from_where;
  if (q.limit) inner += " LIMIT " + std::to_string(std::max(0, *q.limit));
  StatementGuard g(c.statement("SELECT COUNT(*) FROM (" + inner + ")"));
  bind(g.get(), q);
  step(c, g.get(), "count");
  return sqlite3_column_int64(g.get(), 0);
}

std::int64_t count_from_index(SqliteConnection& c, const Query& q) {
  return count_limited(c, "field_index fi" + index_where(q), q, &bind_index_filters);
}

std::vector<Document> query_from_index(SqliteConnection& c, const Query& q) {
  std::string sql =
      "SELECT d.id, d.data, d.update_time FROM field_index fi JOIN documents d "
      "ON d.collection = fi.collection AND d.id = fi.id" + index_where(q);
  sql += index_order_and_limit(q);
  StatementGuard g(c.statement(sql));
  bind_index_filters(g.get(), q);
  std::vector<Document> out;
  while (step(c, g.get(), "query") == SQLITE_ROW) out.push_back(read_row(g.get(), 0, 1, 2));
  return out;
}

// Ids only, from the index alone (no document is read or parsed).
std::vector<std::string> ids_from_index(SqliteConnection& c, const Query& q) {
  std::string sql = "SELECT fi.id FROM field_index fi" + index_where(q);
  sql += index_order_and_limit(q);
  StatementGuard g(c.statement(sql));
  bind_index_filters(g.get(), q);
  std::vector<std::string> out;
  while (step(c, g.get(), "query_ids") == SQLITE_ROW)
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(g.get(), 0)));
  return out;
}

std::int64_t do_count(SqliteConnection& c, const Query& q);
std::vector<Document> do_query(SqliteConnection& c, const Query& q);

std::int64_t do_count(SqliteConnection& c, const Query& q, const std::set<std::string>& indexed) {
  return uses_one_indexed_field(q, indexed) ? count_from_index(c, q) : do_count(c, q);
}

std::vector<Document> do_query(SqliteConnection& c, const Query& q, const std::set<std::string>& indexed) {
  return uses_one_indexed_field(q, indexed) ? query_from_index(c, q) : do_query(c, q);
}

std::int64_t do_count(SqliteConnection& c, const Query& q) {
  return count_limited(c, "documents" + where_clause(q), q, &bind_filters);
}

// Replaces server-timestamp sentinels with the commit time.
void resolve_server_timestamps(json& fields, TimePoint commit_time) {
  for (auto& [key, value] : fields.items()) {
    if (is_server_timestamp(value))
      value = timestamp_value(commit_time);
    else if (value.is_object())
      resolve_server_timestamps(value, commit_time);
  }
}

class SqliteStore;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteConnection& c, AtomicStoreCounters& counters, const std::set<std::string>& indexed)
      : c_(c), counters_(counters), indexed_(indexed) {}
  std::optional<Document> get(const std::string& coll, const std::string& id) override {
    counters_.gets++;
    return do_get(c_, coll, id);
  }
  std::vector<Document> query(const Query& q) override {
    counters_.queries++;
    return do_query(c_, q, indexed_);
  }
  std::int64_t count(const Query& q) override {
    counters_.counts++;
    return do_count(c_, q, indexed_);
  }

 private:
  SqliteConnection& c_;
  AtomicStoreCounters& counters_;
  const std::set<std::string>& indexed_;
};

class SqliteStore final : public DocumentStore {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<SqliteConnection> writer)
      : options_(std::move(options)), writer_(std::move(writer)) {
    for (const auto& f : options_.indexed_fields)
      if (valid_field(f)) indexed_.insert(f);
  }

  Result<std::optional<Document>> get(const std::string& coll, const std::string& id) override {
    counters_.gets++;
    return with_reader<std::optional<Document>>([&](SqliteConnection& c) { return do_get(c, coll, id); });
  }

  // SQLite's json_extract picks the fields without a full parse on our side.
  Result<std::optional<Document>> get_fields(const std::string& coll, const std::string& id,
                                             const std::vector<std::string>& fields) override {
    counters_.gets++;
    std::string sql = "SELECT id, json_object(";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!valid_field(fields[i]) || fields[i].find('.') != std::string::npos)
        return make_error(ErrorKind::bad_request, "invalid field name: " + fields[i]);
      sql += (i ? ", '" : "'") + fields[i] + "', json_extract(data, '" + json_path(fields[i]) + "')";
    }
    sql += "), update_time FROM documents WHERE collection = ?1 AND id = ?2";
    return with_reader<std::optional<Document>>([&](SqliteConnection& c) -> std::optional<Document> {
      StatementGuard g(c.statement(sql));
      bind_text(g.get(), 1, coll);
      bind_text(g.get(), 2, id);
      if (step(c, g.get(), "get_fields") != SQLITE_ROW) return std::nullopt;
      Document d = read_row(g.get(), 0, 1, 2);
      // json_object turns absent fields into nulls: drop them, as a mask does.
      for (auto it = d.fields.begin(); it != d.fields.end();) it = it->is_null() ? d.fields.erase(it) : std::next(it);
      return d;
    });
  }

  Result<std::vector<Document>> query(const Query& q) override {
    counters_.queries++;
    return with_reader<std::vector<Document>>([&](SqliteConnection& c) { return do_query(c, q, indexed_); });
  }

  Result<std::vector<std::string>> query_ids(const Query& q) override {
    if (!uses_one_indexed_field(q, indexed_)) return DocumentStore::query_ids(q);
    counters_.queries++;
    return with_reader<std::vector<std::string>>([&](SqliteConnection& c) { return ids_from_index(c, q); });
  }

  Result<std::int64_t> count(const Query& q) override {
    counters_.counts++;
    return with_reader<std::int64_t>([&](SqliteConnection& c) { return do_count(c, q, indexed_); });
  }

  Status commit(const std::vector<Write>& writes) override {
    return run_transaction([&](Transaction& tx) {
      for (const auto& w : writes) tx.stage(w);
    }, TransactionOptions{});
  }

  Status run_transaction(const std::function<void(Transaction&)>& body,
                         TransactionOptions options) override {
    counters_.transactions++;
    std::lock_guard<std::mutex> lock(writer_mu_);
    Error last;
    const int attempts = retry::attempts(backoff_policy(options.max_attempts));
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1) {
        counters_.retries++;
        backoff(attempt);
      }
      try {
        writer_->exec("BEGIN IMMEDIATE");
      } catch (const StoreFailure& f) {
        last = f.error;
        if (f.error.kind == ErrorKind::conflict) continue;
        break;
      }
      try {
        SqliteTransaction tx(*writer_, counters_, indexed_);
        body(tx);
        apply(tx.writes());
        writer_->exec("COMMIT");
        counters_.commits++;
        return ok_status();
      } catch (const StoreFailure& f) {
        rollback();
        last = f.error;
        if (f.error.kind == ErrorKind::conflict) continue;
        break;
      } catch (const std::exception& e) {
        rollback();
        last = make_error(ErrorKind::internal, std::string("transaction body failed: ") + e.what());
        break;
      }
    }
    counters_.errors++;
    if (last.kind == ErrorKind::conflict)
      last = make_error(ErrorKind::unavailable, "embedded store busy: " + last.message);
    return last;
  }

  Status ping() override {
    auto r = with_reader<int>([](SqliteConnection& c) {
      StatementGuard g(c.statement("SELECT 1"));
      step(c, g.get(), "ping");
      return 1;
    });
    if (!r) return r.error();
    return writable();
  }

  // Whether a write can succeed now: SQLite needs room on the disk of the
  // file for the journal and the pages a commit grows (see min_free_bytes).
  Status writable() const {
    if (options_.min_free_bytes == 0) return ok_status();
    std::error_code ec;
    auto dir = std::filesystem::absolute(options_.path, ec).parent_path();
    struct statvfs fs {};
    if (::statvfs(dir.c_str(), &fs) != 0) return ok_status();  // cannot tell: the writes will say
    auto free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (free >= options_.min_free_bytes) return ok_status();
    return make_error(ErrorKind::unavailable, "embedded store cannot write: the disk is full (" +
                                                  std::to_string(free / 1024) + " KiB free, " +
                                                  std::to_string(options_.min_free_bytes / 1024) + " KiB needed)");
  }

  // data_version changes when another connection commits, so it is asked of a
  // connection that never writes: every commit, by this store's writer or by
  // another process, is another connection's.
  bool has_change_token() const override { return true; }
  Result<std::uint64_t> change_token() override {
    std::lock_guard<std::mutex> lock(watch_mu_);
    try {
      if (!watch_) {
        auto opened = SqliteConnection::open(options_.path, options_.busy_timeout_ms);
        if (!opened) return opened.error();
        watch_ = std::move(opened.value());
      }
      StatementGuard g(watch_->statement("PRAGMA data_version"));
      step(*watch_, g.get(), "data_version");
      return static_cast<std::uint64_t>(sqlite3_column_int64(g.get(), 0));
    } catch (const StoreFailure& f) {
      counters_.errors++;
      return f.error;
    }
  }

  std::string name() const override { return "sqlite"; }
  bool unique_commit_times() const override { return true; }  // see next_commit_time()

  StoreCounters counters() const override { return counters_.snapshot(); }

  // Expression indexes serve ordered queries; field_index serves counts and is
  // rebuilt here so a file written before a field was indexed is complete.
  void create_indexes() {
    writer_->exec("BEGIN IMMEDIATE");
    try {
      for (const auto& f : indexed_) {
        std::string name = f;
        std::replace(name.begin(), name.end(), '.', '_');
        writer_->exec("CREATE INDEX IF NOT EXISTS ix_" + name + " ON documents(collection, " + field_expr(f) + ")");
        writer_->exec("INSERT OR IGNORE INTO field_index(collection, field, value, id) SELECT collection, '" + f +
                      "', " + field_expr(f) + ", id FROM documents WHERE " + field_expr(f) + " IS NOT NULL");
      }
      writer_->exec("COMMIT");
    } catch (const StoreFailure&) {
      rollback();
      throw;
    }
  }

 private:
  template <class T, class F>
  Result<T> with_reader(F&& f) {
    std::unique_ptr<SqliteConnection> c = acquire_reader();
    if (!c) {
      counters_.errors++;
      return make_error(ErrorKind::unavailable, "embedded store: cannot open a read connection");
    }
    try {
      T out = f(*c);
      release_reader(std::move(c));
      return out;
    } catch (const StoreFailure& e) {
      release_reader(std::move(c));
      counters_.errors++;
      return e.error;
    } catch (const std::exception& e) {  // a corrupt JSON document
      release_reader(std::move(c));
      counters_.errors++;
      return make_error(ErrorKind::unavailable, std::string("embedded store: ") + e.what());
    }
  }

  std::unique_ptr<SqliteConnection> acquire_reader() {
    {
      std::lock_guard<std::mutex> lock(readers_mu_);
      if (!readers_.empty()) {
        auto c = std::move(readers_.back());
        readers_.pop_back();
        return c;
      }
    }
    auto opened = SqliteConnection::open(options_.path, options_.busy_timeout_ms);
    if (!opened) return nullptr;
    return std::move(opened.value());
  }

  void release_reader(std::unique_ptr<SqliteConnection> c) {
    std::lock_guard<std::mutex> lock(readers_mu_);
    if (static_cast<int>(readers_.size()) < options_.max_readers) readers_.push_back(std::move(c));
  }

  void rollback() {
    try {
      writer_->exec("ROLLBACK");
    } catch (const StoreFailure&) {
      // Nothing to roll back (SQLite already did on a failed statement).
    }
  }

  // The store's parameters of the shared policy: 20 ms doubling up to 200 ms,
  // full jitter (a busy writer is usually done within milliseconds).
  static retry::Backoff backoff_policy(int max_attempts) {
    return retry::Backoff{std::chrono::milliseconds(20), std::chrono::milliseconds(200), 2.0, max_attempts, 1.0};
  }

  // The wait before attempt number `attempt` (the first retry is attempt 2), at least 1 ms.
  static void backoff(int attempt) {
    thread_local std::mt19937 rng{std::random_device{}()};
    const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto delay = retry::delay(backoff_policy(1), attempt - 1, draw);
    std::this_thread::sleep_for(std::max(std::chrono::milliseconds(1), delay));
  }

  // Commit time strictly increases across commits (also across processes,
  // since it is read and written under the write lock): queue order by
  // server timestamp is then a total order.
  TimePoint next_commit_time() {
    StatementGuard g(writer_->statement("SELECT value FROM meta WHERE key = 'last_commit_micros'"));
    std::int64_t last = 0;
    if (step(*writer_, g.get(), "meta") == SQLITE_ROW) last = sqlite3_column_int64(g.get(), 0);
    std::int64_t now = now_micros().time_since_epoch().count();
    std::int64_t t = std::max(now, last + 1);
    StatementGuard u(writer_->statement(
        "INSERT INTO meta(key, value) VALUES('last_commit_micros', ?1) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    sqlite3_bind_int64(u.get(), 1, t);
    step(*writer_, u.get(), "meta");
    return from_micros(t);
  }

  void unindex(const std::string& coll, const std::string& id) {
    if (indexed_.empty()) return;
    StatementGuard g(writer_->statement("DELETE FROM field_index WHERE collection = ?1 AND id = ?2 AND field = ?3"));
    for (const auto& f : indexed_) {
      sqlite3_reset(g.get());
      bind_text(g.get(), 1, coll);
      bind_text(g.get(), 2, id);
      bind_text(g.get(), 3, f);
      step(*writer_, g.get(), "unindex");
    }
  }

  // The indexed value is computed by the same SQL expression queries use, so
  // both paths compare values alike.
  void index(const std::string& coll, const std::string& id) {
    for (const auto& f : indexed_) {
      StatementGuard g(writer_->statement(
          "INSERT OR IGNORE INTO field_index(collection, field, value, id) SELECT collection, '" + f + "', " +
          field_expr(f) + ", id FROM documents WHERE collection = ?1 AND id = ?2 AND " + field_expr(f) +
          " IS NOT NULL"));
      bind_text(g.get(), 1, coll);
      bind_text(g.get(), 2, id);
      step(*writer_, g.get(), "index");
    }
  }

  void apply(const std::vector<Write>& writes) {
    if (writes.empty()) return;
    TimePoint t = next_commit_time();
    std::int64_t micros = t.time_since_epoch().count();
    for (const auto& w : writes) {
      auto existing = do_get(*writer_, w.collection, w.id);
      if (w.must_exist && *w.must_exist != existing.has_value())
        throw StoreFailure{make_error(ErrorKind::conflict,
                                      "precondition failed for " + w.collection + "/" + w.id)};
      unindex(w.collection, w.id);
      if (w.kind == Write::Kind::remove) {
        StatementGuard g(writer_->statement("DELETE FROM documents WHERE collection = ?1 AND id = ?2"));
        bind_text(g.get(), 1, w.collection);
        bind_text(g.get(), 2, w.id);
        step(*writer_, g.get(), "delete");
      } else {
        json data = (w.kind == Write::Kind::merge && existing) ? existing->fields : json::object();
        for (const auto& [key, value] : w.fields.items()) data[key] = value;
        resolve_server_timestamps(data, t);
        StatementGuard g(writer_->statement(
            "INSERT INTO documents(collection, id, data, update_time) VALUES(?1, ?2, ?3, ?4) "
            "ON CONFLICT(collection, id) DO UPDATE SET data = excluded.data, "
            "update_time = excluded.update_time"));
        bind_text(g.get(), 1, w.collection);
        bind_text(g.get(), 2, w.id);
        bind_text(g.get(), 3, data.dump());
        sqlite3_bind_int64(g.get(), 4, micros);
        step(*writer_, g.get(), "write");
        index(w.collection, w.id);
      }
      counters_.writes++;
    }
  }

  SqliteOptions options_;
  std::mutex writer_mu_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
  std::mutex watch_mu_;
  std::unique_ptr<SqliteConnection> watch_;  // only ever asked for data_version
  AtomicStoreCounters counters_;  // reads inside transactions count too
  std::set<std::string> indexed_;
};

}  // namespace

Result<std::unique_ptr<DocumentStore>> open_sqlite_store(const SqliteOptions& options) {
  auto writer = SqliteConnection::open(options.path, options.busy_timeout_ms);
  if (!writer) return writer.error();
  try {
    (*writer)->exec("PRAGMA journal_mode=WAL");
    (*writer)->exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    (*writer)->exec(kSchema);
    auto store = std::make_unique<SqliteStore>(options, std::move(writer.value()));
    store->create_indexes();
    return std::unique_ptr<DocumentStore>(std::move(store));
  } catch (const StoreFailure& f) {
    return f.error;
  }
}

}  // namespace interview::store
