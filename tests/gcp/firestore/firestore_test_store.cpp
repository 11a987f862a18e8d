// make_test_store() for the DocumentStore conformance suite: a Firestore store
// on the emulator, in a project of its own, so it starts empty.
#include "tests/gcp/firestore/emulator_env.hpp"

std::unique_ptr<interview::store::DocumentStore> make_test_store() {
  return interview::testing::emulator_store(interview::testing::fresh_project_id());
}
