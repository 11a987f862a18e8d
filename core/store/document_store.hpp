#pragma once
// The DocumentStore port: documents in collections, shaped after Firestore so
// that Firestore (gcp/firestore) and the embedded SQLite store (sqlite/)
// implement the same contract; tests/core/store holds the conformance suite both pass.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/store/values.hpp"

namespace interview::store {

using Fields = nlohmann::json;  // a JSON object; timestamps per values.hpp

struct Document {
  std::string id;
  Fields fields;          // never null: an object
  TimePoint update_time;  // set by the store on every write
};

enum class Op { eq, ne, lt, le, gt, ge };
enum class Direction { asc, desc };

struct Filter {
  std::string field;
  Op op;
  nlohmann::json value;
};

// A query on one collection. As in Firestore: a document lacking a field used
// in a filter or in the order is not returned; an inequality filter's field
// must be the first order field when an order is given.
struct Query {
  std::string collection;
  std::vector<Filter> filters;
  std::optional<std::pair<std::string, Direction>> order_by;
  std::optional<int> limit;

  explicit Query(std::string c) : collection(std::move(c)) {}
  Query& where(std::string field, Op op, nlohmann::json value) {
    filters.push_back({std::move(field), op, std::move(value)});
    return *this;
  }
  Query& order(std::string field, Direction d = Direction::asc) {
    order_by = std::make_pair(std::move(field), d);
    return *this;
  }
  Query& take(int n) {
    limit = n;
    return *this;
  }
};

// The ids of documents, in their order.
inline std::vector<std::string> ids_of(std::vector<Document>&& docs) {
  std::vector<std::string> ids;
  ids.reserve(docs.size());
  for (auto& d : docs) ids.push_back(std::move(d.id));
  return ids;
}

struct Write {
  enum class Kind { set, merge, remove };
  Kind kind;
  std::string collection;
  std::string id;
  Fields fields;  // set: the whole document; merge: top-level fields to replace
  // Precondition: the document must exist (true), must not exist (false), or none.
  std::optional<bool> must_exist;
};

// Thrown by Transaction reads when the store fails; run_transaction turns it
// into an Error value, retrying the body when the kind is conflict/unavailable.
struct StoreFailure {
  Error error;
};

// Reads first, then writes: staged writes are applied atomically at commit, and
// the commit fails (and the body is retried) if another writer changed what the
// body read. A body may run several times: it must have no side effects besides
// the transaction and its own outputs, which it must reset on each run.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual std::optional<Document> get(const std::string& collection, const std::string& id) = 0;
  virtual std::vector<Document> query(const Query& q) = 0;
  virtual std::int64_t count(const Query& q) = 0;

  void set(std::string collection, std::string id, Fields fields) {
    writes_.push_back({Write::Kind::set, std::move(collection), std::move(id), std::move(fields), {}});
  }
  void merge(std::string collection, std::string id, Fields fields) {
    writes_.push_back({Write::Kind::merge, std::move(collection), std::move(id), std::move(fields), {}});
  }
  void create(std::string collection, std::string id, Fields fields) {
    writes_.push_back({Write::Kind::set, std::move(collection), std::move(id), std::move(fields), false});
  }
  void remove(std::string collection, std::string id) {
    writes_.push_back({Write::Kind::remove, std::move(collection), std::move(id), Fields::object(), {}});
  }
  void stage(Write write) { writes_.push_back(std::move(write)); }
  const std::vector<Write>& writes() const { return writes_; }

 protected:
  std::vector<Write> writes_;
};

struct TransactionOptions {
  int max_attempts = 8;  // contention retries, with backoff between attempts
};

// Counters for operators (the /stats endpoint reads them).
struct StoreCounters {
  std::int64_t gets = 0, queries = 0, counts = 0, commits = 0, writes = 0;
  std::int64_t transactions = 0, retries = 0, errors = 0;
};

class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  virtual Result<std::optional<Document>> get(const std::string& collection, const std::string& id) = 0;
  // Only the named top-level fields (Firestore's mask.fieldPaths): hot reads
  // need not fetch and parse a whole resume. By default a full get, trimmed.
  virtual Result<std::optional<Document>> get_fields(const std::string& collection, const std::string& id,
                                                     const std::vector<std::string>& fields) {
    auto doc = get(collection, id);
    if (!doc || !doc->has_value()) return doc;
    Fields kept = Fields::object();
    for (const auto& f : fields)
      if (auto it = (*doc)->fields.find(f); it != (*doc)->fields.end()) kept[f] = *it;
    (*doc)->fields = std::move(kept);
    return doc;
  }
  virtual Result<std::vector<Document>> query(const Query& q) = 0;
  // The ids of the documents q matches, in q's order (Firestore: a query
  // selecting only __name__). By default a full query, ids kept.
  virtual Result<std::vector<std::string>> query_ids(const Query& q) {
    auto docs = query(q);
    if (!docs) return docs.error();
    return ids_of(std::move(*docs));
  }
  virtual Result<std::int64_t> count(const Query& q) = 0;
  // Applies writes atomically, outside any transaction.
  virtual Status commit(const std::vector<Write>& writes) = 0;
  // Runs body in a transaction (see Transaction), retrying on contention.
  virtual Status run_transaction(const std::function<void(Transaction&)>& body,
                                 TransactionOptions options = {}) = 0;
  // True when no two commits share a server timestamp (the embedded store's
  // commit times strictly increase; Firestore's REQUEST_TIME can tie), so a
  // queue position needs no tie-break read.
  virtual bool unique_commit_times() const { return false; }
  // A value that changes whenever anyone, in this process or another, commits
  // to the store: a read cache stamped with it is current while it is equal.
  // Only stores that can tell cheaply have one (SQLite's data_version);
  // change_token() is then one local read, otherwise an `internal` error.
  virtual bool has_change_token() const { return false; }
  virtual Result<std::uint64_t> change_token() {
    return make_error(ErrorKind::internal, name() + " store has no change token");
  }
  // Cheap round trip proving the store answers (for /health).
  virtual Status ping() = 0;
  virtual std::string name() const = 0;  // "sqlite", "firestore"
  virtual StoreCounters counters() const = 0;
};

}  // namespace interview::store
