#pragma once
// JSON ↔ Firestore Value (REST encoding), both ways, for every JSON type:
//   null → nullValue, bool → booleanValue, integer → integerValue (a decimal
//   string: int64), double → doubleValue, string → stringValue,
//   array → arrayValue.values, object → mapValue.fields, and the typed values
//   of core/store/values.hpp: {"timestampValue": rfc3339} passes through
//   (normalised to 6 fractional digits on the way back).
// Other typed values in existing data (bytesValue, referenceValue,
// geoPointValue) read as the same one-key object and write back unchanged.
// Server timestamps are not values: write_codec turns them into transforms.
#include <nlohmann/json.hpp>

namespace interview::gcp {

// Throws store::StoreFailure{bad_request} for what Firestore cannot store
// (an unsigned integer above int64, a server timestamp here).
nlohmann::json encode_value(const nlohmann::json& value);
nlohmann::json encode_fields(const nlohmann::json& object);  // {"k": Value...}

// Throws store::StoreFailure{unavailable} on a malformed server answer.
nlohmann::json decode_value(const nlohmann::json& value);
nlohmann::json decode_fields(const nlohmann::json& fields);  // absent/null → {}

}  // namespace interview::gcp
