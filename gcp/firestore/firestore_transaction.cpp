#include "gcp/firestore/firestore_transaction.hpp"

#include <utility>

#include "gcp/firestore/rpc_calls.hpp"

namespace interview::gcp {

FirestoreTransaction::FirestoreTransaction(FirestoreRest& rest, store::AtomicStoreCounters& counters,
                                           std::string retry_of)
    : rest_(rest), counters_(counters), retry_of_(std::move(retry_of)) {}

void FirestoreTransaction::fail(const RpcError& error) {
  last_failure_ = error;
  throw store::StoreFailure{error.error};
}

void FirestoreTransaction::ensure_begun() {
  if (!id_.empty()) return;
  auto r = begin_transaction(rest_, retry_of_);
  if (!r.ok()) fail(r.failure());
  id_ = r.value();
}

std::optional<store::Document> FirestoreTransaction::get(const std::string& collection, const std::string& id) {
  ensure_begun();
  counters_.gets++;
  auto r = get_document(rest_, collection, id, id_);
  if (!r.ok()) fail(r.failure());
  return std::move(r.value());
}

std::vector<store::Document> FirestoreTransaction::query(const store::Query& q) {
  ensure_begun();
  counters_.queries++;
  auto r = run_query(rest_, q, id_);
  if (!r.ok()) fail(r.failure());
  return std::move(r.value());
}

std::int64_t FirestoreTransaction::count(const store::Query& q) {
  ensure_begun();
  counters_.counts++;
  auto r = run_count(rest_, q, id_);
  if (!r.ok()) fail(r.failure());
  return r.value();
}

void FirestoreTransaction::rollback() {
  rollback_transaction(rest_, id_);
}

}  // namespace interview::gcp
