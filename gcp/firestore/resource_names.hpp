#pragma once
// Firestore resource names: "projects/P/databases/D/documents/COLLECTION/ID".
// Documents are addressed in request bodies (batchGet, commit), never in URL
// paths, so ids need no percent-encoding.
#include <string>

namespace interview::gcp {

std::string database_name(const std::string& project, const std::string& database);
// Throws store::StoreFailure{bad_request} for ids Firestore rejects
// (empty, containing '/', "." or "..", "__x__", over 1500 bytes).
std::string document_name(const std::string& documents_root, const std::string& collection,
                          const std::string& id);
void check_collection_id(const std::string& collection);
// The last path segment of a document name.
std::string document_id(const std::string& name);

}  // namespace interview::gcp
