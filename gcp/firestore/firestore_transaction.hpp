#pragma once
// One attempt of a Firestore read-write transaction. The transaction is begun
// lazily on the first read (a body that only writes commits its writes as
// one atomic batch, saving a round trip); reads carry its id, so Firestore
// checks at commit that nothing read has changed. Writes are staged by the
// port's Transaction base and sent by FirestoreStore at commit.
#include <optional>
#include <string>
#include <vector>

#include "core/store/document_store.hpp"
#include "gcp/firestore/rest_client.hpp"
#include "core/store/store_counters.hpp"

namespace interview::gcp {

class FirestoreTransaction final : public store::Transaction {
 public:
  // retry_of: the id of the attempt this one retries ("" on the first).
  FirestoreTransaction(FirestoreRest& rest, store::AtomicStoreCounters& counters, std::string retry_of);

  // Read failures throw store::StoreFailure (and are remembered in last_failure()).
  std::optional<store::Document> get(const std::string& collection, const std::string& id) override;
  std::vector<store::Document> query(const store::Query& q) override;
  std::int64_t count(const store::Query& q) override;

  const std::string& id() const { return id_; }
  // The server/transport failure of the last read, if a read failed.
  const std::optional<RpcError>& last_failure() const { return last_failure_; }
  // Best effort; releases the locks the reads took.
  void rollback();

 private:
  void ensure_begun();
  [[noreturn]] void fail(const RpcError& error);

  FirestoreRest& rest_;
  store::AtomicStoreCounters& counters_;
  std::string retry_of_;
  std::string id_;
  std::optional<RpcError> last_failure_;
};

}  // namespace interview::gcp
