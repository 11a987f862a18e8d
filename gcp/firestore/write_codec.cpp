#include "gcp/firestore/write_codec.hpp"

#include <vector>

#include "core/store/values.hpp"
#include "gcp/firestore/field_path.hpp"
#include "gcp/firestore/resource_names.hpp"
#include "gcp/firestore/value_codec.hpp"

namespace interview::gcp {

using nlohmann::json;

namespace {

// Removes server timestamps from `object` (recursively through maps) and
// records their paths.
void extract_server_timestamps(json& object, std::vector<std::string>& prefix, json& transforms) {
  for (auto it = object.begin(); it != object.end();) {
    prefix.push_back(it.key());
    if (store::is_server_timestamp(it.value())) {
      if (it.value()["serverTimestamp"] != "REQUEST_TIME") {
        throw store::StoreFailure{
            make_error(ErrorKind::bad_request, "firestore: unsupported serverTimestamp value")};
      }
      transforms.push_back({{"fieldPath", join_segments(prefix)}, {"setToServerValue", "REQUEST_TIME"}});
      it = object.erase(it);
    } else {
      if (it.value().is_object() && !store::is_timestamp(it.value())) {
        extract_server_timestamps(it.value(), prefix, transforms);
      }
      ++it;
    }
    prefix.pop_back();
  }
}

}  // namespace

json encode_write(const store::Write& write, const std::string& documents_root) {
  const std::string name = document_name(documents_root, write.collection, write.id);
  json out = json::object();
  if (write.kind == store::Write::Kind::remove) {
    out["delete"] = name;
  } else {
    if (!write.fields.is_object()) {
      throw store::StoreFailure{make_error(ErrorKind::bad_request, "firestore: document fields must be an object")};
    }
    json fields = write.fields;
    json transforms = json::array();
    std::vector<std::string> prefix;
    extract_server_timestamps(fields, prefix, transforms);

    out["update"] = {{"name", name}, {"fields", encode_fields(fields)}};
    if (write.kind == store::Write::Kind::merge) {
      json mask = json::array();
      // A top-level server timestamp is written by its transform alone; a map
      // holding one nested is replaced by the mask, then transformed.
      for (const auto& [key, value] : write.fields.items()) {
        if (!store::is_server_timestamp(value)) mask.push_back(top_level_path(key));
      }
      out["updateMask"] = {{"fieldPaths", mask}};
    }
    if (!transforms.empty()) out["updateTransforms"] = transforms;
  }
  if (write.must_exist) out["currentDocument"] = {{"exists", *write.must_exist}};
  return out;
}

}  // namespace interview::gcp
