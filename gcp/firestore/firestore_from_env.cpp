#include "gcp/firestore/firestore_from_env.hpp"

#include "gcp/auth/google_auth.hpp"
#include "gcp/firestore/firestore_config.hpp"
#include "gcp/firestore/firestore_store.hpp"

namespace interview::gcp {

Result<std::unique_ptr<store::DocumentStore>> make_firestore_store_from_env() {
  auto config = firestore_config_from_env();
  if (!config) return config.error();
  std::shared_ptr<TokenSource> tokens;
  if (config->uses_emulator()) {
    tokens = std::make_shared<StaticTokenSource>("owner");
  } else {
    auto source = make_google_token_source_from_env();
    if (!source) return source.error();
    tokens = source.value();
  }
  return make_firestore_store(config.value(), std::move(tokens));
}

}  // namespace interview::gcp
