#pragma once
// Stores against the Firestore emulator named by FIRESTORE_EMULATOR_HOST,
// each in its own fresh project so every store starts empty.
#include <memory>
#include <string>

#include "core/store/document_store.hpp"
#include "gcp/firestore/firestore_config.hpp"

namespace interview::testing {

// A unique project id ("test-<random hex>").
std::string fresh_project_id();
// Config for the emulator and project; throws when the variable is unset.
gcp::FirestoreConfig emulator_config(const std::string& project);
std::unique_ptr<store::DocumentStore> emulator_store(const std::string& project);

}  // namespace interview::testing
