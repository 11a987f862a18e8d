#include "gcp/firestore/rpc_calls.hpp"

#include "gcp/firestore/field_path.hpp"
#include "gcp/firestore/query_codec.hpp"
#include "gcp/firestore/resource_names.hpp"
#include "gcp/firestore/value_codec.hpp"
#include "gcp/firestore/write_codec.hpp"

namespace interview::gcp {

using nlohmann::json;

namespace {

RpcError malformed(const std::string& verb, const std::string& what) {
  return RpcError{RpcCode::other,
                  make_error(ErrorKind::unavailable, "firestore " + verb + ": unexpected answer (" + what + ")")};
}

// runQuery / runAggregationQuery answer a JSON array of stream messages.
const json* as_stream(const json& body) { return body.is_array() ? &body : nullptr; }

}  // namespace

store::Document decode_document(const json& document) {
  store::Document d;
  d.id = document_id(document.value("name", std::string()));
  d.fields = decode_fields(document.contains("fields") ? document["fields"] : json());
  if (document.contains("updateTime") && document["updateTime"].is_string()) {
    if (auto t = store::parse_rfc3339(document["updateTime"].get<std::string>())) d.update_time = *t;
  }
  return d;
}

RpcResult<std::string> begin_transaction(FirestoreRest& rest, const std::string& retry_of) {
  json read_write = json::object();
  if (!retry_of.empty()) read_write["retryTransaction"] = retry_of;
  auto r = rest.call("beginTransaction", {{"options", {{"readWrite", read_write}}}});
  if (!r.ok()) return r.failure();
  const auto& body = r.value();
  if (!body.contains("transaction") || !body["transaction"].is_string()) {
    return malformed("beginTransaction", "no transaction id");
  }
  return body["transaction"].get<std::string>();
}

RpcResult<std::optional<store::Document>> get_document(FirestoreRest& rest, const std::string& collection,
                                                       const std::string& id, const std::string& transaction,
                                                       const std::vector<std::string>* mask) {
  const std::string name = document_name(rest.documents_root(), collection, id);
  json body = {{"documents", json::array({name})}};
  if (!transaction.empty()) body["transaction"] = transaction;
  if (mask) {
    json paths = json::array();
    for (const auto& f : *mask) paths.push_back(top_level_path(f));
    body["mask"] = {{"fieldPaths", paths}};
  }
  auto r = rest.call("batchGet", body);
  if (!r.ok()) return r.failure();
  const json* stream = as_stream(r.value());
  if (!stream) return malformed("batchGet", "not an array");
  for (const auto& message : *stream) {
    if (message.contains("found")) return std::optional<store::Document>(decode_document(message["found"]));
    if (message.contains("missing")) return std::optional<store::Document>();
  }
  return malformed("batchGet", "neither found nor missing");
}

RpcResult<std::vector<store::Document>> run_query(FirestoreRest& rest, const store::Query& query,
                                                  const std::string& transaction, bool ids_only) {
  json body = {{"structuredQuery", encode_structured_query(query)}};
  if (ids_only) body["structuredQuery"]["select"] = {{"fields", json::array({{{"fieldPath", "__name__"}}})}};
  if (!transaction.empty()) body["transaction"] = transaction;
  auto r = rest.call("runQuery", body);
  if (!r.ok()) return r.failure();
  const json* stream = as_stream(r.value());
  if (!stream) return malformed("runQuery", "not an array");
  std::vector<store::Document> out;
  // Messages without "document" only carry progress (readTime, skippedResults).
  for (const auto& message : *stream) {
    if (message.contains("document")) out.push_back(decode_document(message["document"]));
  }
  return out;
}

RpcResult<std::int64_t> run_count(FirestoreRest& rest, const store::Query& query, const std::string& transaction) {
  json body = {{"structuredAggregationQuery", encode_count_query(query)}};
  if (!transaction.empty()) body["transaction"] = transaction;
  auto r = rest.call("runAggregationQuery", body);
  if (!r.ok()) return r.failure();
  const json* stream = as_stream(r.value());
  if (!stream) return malformed("runAggregationQuery", "not an array");
  for (const auto& message : *stream) {
    if (!message.contains("result")) continue;
    const auto& fields = message["result"].value("aggregateFields", json::object());
    if (!fields.contains("count")) return malformed("runAggregationQuery", "no count");
    auto n = decode_value(fields["count"]);
    if (!n.is_number_integer()) return malformed("runAggregationQuery", "count is not an integer");
    return n.get<std::int64_t>();
  }
  return malformed("runAggregationQuery", "no result");
}

RpcResult<std::monostate> commit_writes(FirestoreRest& rest, const std::vector<store::Write>& writes,
                                        const std::string& transaction) {
  json encoded = json::array();
  for (const auto& w : writes) encoded.push_back(encode_write(w, rest.documents_root()));
  json body = {{"writes", encoded}};
  if (!transaction.empty()) body["transaction"] = transaction;
  auto r = rest.call("commit", body);
  if (!r.ok()) return r.failure();
  return std::monostate{};
}

void rollback_transaction(FirestoreRest& rest, const std::string& transaction) {
  if (transaction.empty()) return;
  (void)rest.call("rollback", {{"transaction", transaction}});
}

}  // namespace interview::gcp
