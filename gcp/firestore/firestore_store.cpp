#include "gcp/firestore/firestore_store.hpp"

#include <algorithm>
#include <utility>

#include "gcp/firestore/firestore_transaction.hpp"
#include "gcp/firestore/retry_policy.hpp"
#include "gcp/firestore/rpc_calls.hpp"
#include "core/store/store_counters.hpp"

namespace interview::gcp {

using store::Document;
using store::Query;
using store::StoreFailure;
using store::Transaction;
using store::Write;

namespace {

// A retryable failure that outlived its attempts: the store is overloaded or
// unreachable, so "try again later" (503) rather than a client error.
Error exhausted(const Error& last, int attempts) {
  return make_error(ErrorKind::unavailable,
                    "firestore: gave up after " + std::to_string(attempts) + " attempts: " + last.message);
}

class FirestoreStore final : public store::DocumentStore {
 public:
  FirestoreStore(FirestoreConfig config, std::shared_ptr<TokenSource> tokens)
      : rest_(std::move(config), std::move(tokens)) {}

  Result<std::optional<Document>> get(const std::string& collection, const std::string& id) override {
    counters_.gets++;
    return with_retries<std::optional<Document>>([&] { return get_document(rest_, collection, id, ""); });
  }

  // A field mask: a status poll does not fetch the resume.
  Result<std::optional<Document>> get_fields(const std::string& collection, const std::string& id,
                                             const std::vector<std::string>& fields) override {
    counters_.gets++;
    return with_retries<std::optional<Document>>([&] { return get_document(rest_, collection, id, "", &fields); });
  }

  Result<std::vector<Document>> query(const Query& q) override {
    counters_.queries++;
    return with_retries<std::vector<Document>>([&] { return run_query(rest_, q, ""); });
  }

  Result<std::vector<std::string>> query_ids(const Query& q) override {
    counters_.queries++;
    auto docs = with_retries<std::vector<Document>>([&] { return run_query(rest_, q, "", true); });
    if (!docs) return docs.error();
    return store::ids_of(std::move(*docs));
  }

  Result<std::int64_t> count(const Query& q) override {
    counters_.counts++;
    return with_retries<std::int64_t>([&] { return run_count(rest_, q, ""); });
  }

  Status commit(const std::vector<Write>& writes) override {
    if (writes.empty()) return ok_status();
    counters_.commits++;
    counters_.writes += static_cast<std::int64_t>(writes.size());
    auto r = with_retries<std::monostate>([&] { return commit_writes(rest_, writes, ""); });
    if (!r) return r.error();
    return ok_status();
  }

  Status run_transaction(const std::function<void(Transaction&)>& body,
                         store::TransactionOptions options) override;

  Status ping() override {
    // One cheap read of a document that need not exist.
    try {
      auto r = get_document(rest_, "_health", "ping", "");
      if (!r.ok()) return r.failure().error;
      return ok_status();
    } catch (const StoreFailure& f) {
      return f.error;
    }
  }

  std::string name() const override { return "firestore"; }
  store::StoreCounters counters() const override { return counters_.snapshot(); }

 private:
  // Outside transactions every call is idempotent enough to repeat (a commit
  // whose answer was lost may report its own precondition on the repeat).
  template <class T, class Call>
  Result<T> with_retries(Call call) {
    const int attempts = attempts_of(rest_.config().max_call_attempts);
    Error last;
    bool retryable = false;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      before_attempt(attempt, last);
      try {
        auto r = call();
        if (r.ok()) return std::move(r.value());
        last = r.failure().error;
        retryable = is_retryable(r.failure().code);
      } catch (const StoreFailure& f) {  // the request could not be encoded
        last = f.error;
        retryable = false;
      }
      if (!retryable) break;
    }
    return give_up(last, retryable, attempts);
  }

  // The shared backoff with this store's numbers (config base and cap).
  int attempts_of(int max_attempts) const {
    const auto& c = rest_.config();
    return retry::attempts(firestore_backoff(c.backoff_base, c.backoff_cap, max_attempts));
  }

  // Before every attempt but the first: count the retry, wait the backoff.
  void before_attempt(int attempt, const Error& last) {
    if (attempt == 1) return;
    counters_.retries++;
    const auto& c = rest_.config();
    sleep_before_retry(attempt - 1, c.backoff_base, c.backoff_cap, last.retry_after);
  }

  Error give_up(const Error& last, bool retryable, int attempts) {
    counters_.errors++;
    return retryable ? exhausted(last, attempts) : last;
  }

  FirestoreRest rest_;
  store::AtomicStoreCounters counters_;
};

Status FirestoreStore::run_transaction(const std::function<void(Transaction&)>& body,
                                       store::TransactionOptions options) {
  counters_.transactions++;
  const int attempts = attempts_of(options.max_attempts);
  std::string previous;  // the aborted attempt's id, for retryTransaction
  Error last;
  bool retryable = false;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    before_attempt(attempt, last);
    FirestoreTransaction tx(rest_, counters_, previous);
    try {
      body(tx);
    } catch (const StoreFailure& f) {
      tx.rollback();
      last = f.error;
      // A read that failed says whether retrying can help; a failure the body
      // raised itself follows the port's rule (conflict/unavailable retry).
      retryable = tx.last_failure() ? is_retryable(tx.last_failure()->code)
                                    : (f.error.kind == ErrorKind::conflict ||
                                       f.error.kind == ErrorKind::unavailable);
      if (!retryable) break;
      previous = tx.id();
      continue;
    } catch (const std::exception& e) {
      tx.rollback();
      last = make_error(ErrorKind::internal, std::string("transaction body failed: ") + e.what());
      retryable = false;
      break;
    } catch (...) {
      tx.rollback();  // not ours to swallow (e.g. a test framework's failure)
      counters_.errors++;
      throw;
    }

    if (tx.writes().empty()) {
      tx.rollback();  // read-only: just release the locks
      return ok_status();
    }
    counters_.commits++;
    counters_.writes += static_cast<std::int64_t>(tx.writes().size());
    try {
      auto r = commit_writes(rest_, tx.writes(), tx.id());
      if (r.ok()) return ok_status();
      last = r.failure().error;
      retryable = is_retryable(r.failure().code);
    } catch (const StoreFailure& f) {  // a staged write could not be encoded
      tx.rollback();
      last = f.error;
      retryable = false;
    }
    if (!retryable) break;
    previous = tx.id();
  }
  return give_up(last, retryable, attempts);
}

}  // namespace

std::unique_ptr<store::DocumentStore> make_firestore_store(FirestoreConfig config,
                                                           std::shared_ptr<TokenSource> tokens) {
  return std::make_unique<FirestoreStore>(std::move(config), std::move(tokens));
}

}  // namespace interview::gcp
