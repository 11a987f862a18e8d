#pragma once
// A port Write → a Firestore Write (REST JSON):
//   set    → update (no mask: the document is replaced)
//   merge  → update + updateMask of the top-level fields given
//   remove → delete
//   must_exist → currentDocument.exists
// {"serverTimestamp":"REQUEST_TIME"} anywhere in nested maps is removed from
// the fields (and the mask) and becomes an updateTransforms entry
// setToServerValue: REQUEST_TIME on its field path.
#include <string>

#include <nlohmann/json.hpp>

#include "core/store/document_store.hpp"

namespace interview::gcp {

// Throws store::StoreFailure{bad_request} for unencodable values or ids.
nlohmann::json encode_write(const store::Write& write, const std::string& documents_root);

}  // namespace interview::gcp
