#pragma once
// The Firestore RPCs this store uses, typed. `transaction` empty = outside a
// transaction. Encoding problems throw store::StoreFailure{bad_request};
// server and transport failures come back as RpcError.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/store/document_store.hpp"
#include "gcp/firestore/rest_client.hpp"

namespace interview::gcp {

// documents:beginTransaction (read-write). `retry_of` names the aborted
// transaction being retried, which gives the new one priority.
RpcResult<std::string> begin_transaction(FirestoreRest& rest, const std::string& retry_of);

// documents:batchGet of one document (missing → nullopt); with `mask`, only
// those top-level fields are sent back.
RpcResult<std::optional<store::Document>> get_document(FirestoreRest& rest, const std::string& collection,
                                                       const std::string& id, const std::string& transaction,
                                                       const std::vector<std::string>* mask = nullptr);

// documents:runQuery; with `ids_only`, the documents come back without fields
// (a projection on __name__).
RpcResult<std::vector<store::Document>> run_query(FirestoreRest& rest, const store::Query& query,
                                                  const std::string& transaction, bool ids_only = false);

// documents:runAggregationQuery with COUNT.
RpcResult<std::int64_t> run_count(FirestoreRest& rest, const store::Query& query,
                                  const std::string& transaction);

// documents:commit (atomic, with or without a transaction).
RpcResult<std::monostate> commit_writes(FirestoreRest& rest, const std::vector<store::Write>& writes,
                                        const std::string& transaction);

// documents:rollback; best effort (the transaction expires anyway).
void rollback_transaction(FirestoreRest& rest, const std::string& transaction);

// A REST Document → the port's Document.
store::Document decode_document(const nlohmann::json& document);

}  // namespace interview::gcp
