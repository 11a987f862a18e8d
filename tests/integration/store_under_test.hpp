#pragma once
// The store a server under test uses: the embedded store in a temporary
// DATA_DIR, or — when TEST_STORE=firestore — a fresh project on the Firestore
// emulator (FIRESTORE_EMULATOR_HOST). Tests read what was stored through the
// DocumentStore port, whichever it is.
#include <map>
#include <memory>
#include <string>

#include "core/store/document_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace interview::testing {

class StoreUnderTest {
 public:
  explicit StoreUnderTest(const std::string& name);
  bool firestore() const { return !project_.empty(); }
  // The server's environment for this store, plus `extra`.
  std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const;
  int count(const std::string& collection) const;
  std::optional<store::Document> get(const std::string& collection, const std::string& id) const;
  void write(const std::string& collection, const std::string& id, const store::Fields& fields) const;
  const std::string& data_dir() const { return dir_.path(); }

 private:
  store::DocumentStore& store() const;
  TempDir dir_;
  std::string project_;
  mutable std::unique_ptr<store::DocumentStore> store_;
};

}  // namespace interview::testing
