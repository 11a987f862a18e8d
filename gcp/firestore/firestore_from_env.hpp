#pragma once
// Builds the Firestore store from the environment (firestore_config.hpp):
// with FIRESTORE_EMULATOR_HOST the emulator and the token "owner"; otherwise
// firestore.googleapis.com with Google credentials (gcp/auth/google_auth.hpp).
#include <memory>

#include "core/result.hpp"
#include "core/store/document_store.hpp"

namespace interview::gcp {

Result<std::unique_ptr<store::DocumentStore>> make_firestore_store_from_env();

}  // namespace interview::gcp
