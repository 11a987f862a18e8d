#include "tests/integration/store_under_test.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

#include "sqlite/sqlite_store.hpp"
#include "tests/gcp/firestore/emulator_env.hpp"

namespace interview::testing {

StoreUnderTest::StoreUnderTest(const std::string& name) : dir_(name) {
  const char* mode = std::getenv("TEST_STORE");
  if (mode && std::string(mode) == "firestore") {
    REQUIRE_MESSAGE(std::getenv("FIRESTORE_EMULATOR_HOST"), "TEST_STORE=firestore needs FIRESTORE_EMULATOR_HOST");
    project_ = fresh_project_id();
  }
}

std::map<std::string, std::string> StoreUnderTest::env(std::map<std::string, std::string> extra) const {
  std::map<std::string, std::string> e{{"DATA_DIR", dir_.path()}};
  if (firestore()) {
    e["STORE"] = "firestore";
    e["GOOGLE_CLOUD_PROJECT"] = project_;
    e["FIRESTORE_EMULATOR_HOST"] = std::getenv("FIRESTORE_EMULATOR_HOST");
    // The emulator resolves conflicting transactions with ~2 s lock timeouts:
    // a burst of joins takes far longer than on Firestore.
    e["REQUEST_TIMEOUT_MS"] = "120000";
  }
  for (auto& [k, v] : extra) e[k] = v;
  return e;
}

store::DocumentStore& StoreUnderTest::store() const {
  if (!store_) {
    if (firestore()) {
      store_ = emulator_store(project_);
    } else {
      store::SqliteOptions o;
      o.path = dir_.path() + "/interview.db";
      auto s = store::open_sqlite_store(o);
      REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message));
      store_ = std::move(s.value());
    }
  }
  return *store_;
}

int StoreUnderTest::count(const std::string& collection) const {
  auto n = store().count(store::Query(collection));
  REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));
  return static_cast<int>(*n);
}

std::optional<store::Document> StoreUnderTest::get(const std::string& collection, const std::string& id) const {
  auto d = store().get(collection, id);
  REQUIRE_MESSAGE(d.ok(), (d.ok() ? "" : d.error().message));
  return *d;
}

void StoreUnderTest::write(const std::string& collection, const std::string& id, const store::Fields& fields) const {
  auto st = store().commit({{store::Write::Kind::set, collection, id, fields, {}}});
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
}

}  // namespace interview::testing
