#pragma once
// The DocumentStore port over the Firestore REST API v1 (gcp/README.md).
// Reads outside transactions are plain batchGet / runQuery /
// runAggregationQuery calls; run_transaction uses beginTransaction, reads
// with the transaction id, commit (or rollback when the body throws), and
// retries the whole body on ABORTED / UNAVAILABLE / DEADLINE_EXCEEDED /
// RESOURCE_EXHAUSTED with backoff, at most TransactionOptions::max_attempts
// times. Final failures are Error values: `conflict` for failed write
// preconditions, `unavailable` (HTTP 503) for everything else.
#include <memory>

#include "core/store/document_store.hpp"
#include "gcp/auth/token_source.hpp"
#include "gcp/firestore/firestore_config.hpp"

namespace interview::gcp {

// tokens: null or a StaticTokenSource("owner") for the emulator.
std::unique_ptr<store::DocumentStore> make_firestore_store(FirestoreConfig config,
                                                           std::shared_ptr<TokenSource> tokens);

}  // namespace interview::gcp
