#pragma once
// One Firestore REST call: POST {api}/v1/projects/P/databases/D/documents:VERB
// with a JSON body, the bearer token, and the google.rpc.Status error body
// ({"error": {"code", "message", "status"}}) turned into an RpcError.
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "gcp/auth/token_source.hpp"
#include "gcp/firestore/firestore_config.hpp"

namespace interview::gcp {

// google.rpc.Code, the subset callers act on.
enum class RpcCode {
  ok,
  aborted,              // contention: retry the transaction
  unavailable,          // also transport failures
  deadline_exceeded,    // also transport timeouts
  resource_exhausted,   // quota / overload (429)
  already_exists,       // precondition exists=false failed
  not_found,            // precondition exists=true failed (on commit)
  failed_precondition,
  unauthenticated,
  permission_denied,
  invalid_argument,
  other,
};

RpcCode rpc_code_from_status(const std::string& status, long http_status);
const char* rpc_code_name(RpcCode code);

struct RpcError {
  RpcCode code = RpcCode::other;
  // conflict for ABORTED and failed commit preconditions; unavailable otherwise.
  Error error;
};

template <class T>
class RpcResult : public ValueOr<T, RpcError> {
 public:
  using ValueOr<T, RpcError>::ValueOr;
  const RpcError& failure() const { return this->error(); }
};

class FirestoreRest {
 public:
  FirestoreRest(FirestoreConfig config, std::shared_ptr<TokenSource> tokens);

  const FirestoreConfig& config() const { return config_; }
  // "projects/P/databases/D/documents": the parent of every collection.
  const std::string& documents_root() const { return documents_root_; }

  // A 401 drops the cached token and is retried once with a fresh one.
  RpcResult<nlohmann::json> call(const std::string& verb, const nlohmann::json& body);

 private:
  RpcResult<nlohmann::json> call_once(const std::string& verb, const std::string& body);

  FirestoreConfig config_;
  std::shared_ptr<TokenSource> tokens_;
  std::string documents_root_;
  std::string url_prefix_;  // {api}/v1/{documents_root}:
};

}  // namespace interview::gcp
