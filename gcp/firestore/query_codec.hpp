#pragma once
// A port Query → a Firestore StructuredQuery (REST JSON):
//   from: [{collectionId}], where: one fieldFilter or a compositeFilter AND of
//   several, orderBy: [{field, direction}], limit.
// Comparisons with null (and NaN) become unaryFilters IS_NULL / IS_NOT_NULL
// (IS_NAN / IS_NOT_NAN): Firestore matches nothing with EQUAL null.
#include <nlohmann/json.hpp>

#include "core/store/document_store.hpp"

namespace interview::gcp {

// Throws store::StoreFailure{bad_request} for an impossible query (e.g. < null).
nlohmann::json encode_structured_query(const store::Query& query);

// {"structuredQuery": ..., "aggregations": [{"alias": "count", "count": {}}]}
nlohmann::json encode_count_query(const store::Query& query);

}  // namespace interview::gcp
