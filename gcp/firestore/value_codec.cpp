#include "gcp/firestore/value_codec.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/store/document_store.hpp"
#include "core/store/values.hpp"

namespace interview::gcp {

using nlohmann::json;
using store::StoreFailure;

namespace {

[[noreturn]] void bad_value(const std::string& what) {
  throw StoreFailure{make_error(ErrorKind::bad_request, "firestore: " + what)};
}

[[noreturn]] void bad_answer(const std::string& what) {
  throw StoreFailure{make_error(ErrorKind::unavailable, "firestore answered a malformed value: " + what)};
}

bool is_passthrough(const json& v) {
  if (!v.is_object() || v.size() != 1) return false;
  const auto& key = v.begin().key();
  return key == "bytesValue" || key == "referenceValue" || key == "geoPointValue";
}

json encode_double(double d) {
  // JSON has no NaN/Infinity; the proto3 JSON mapping spells them as strings.
  if (std::isnan(d)) return json{{"doubleValue", "NaN"}};
  if (std::isinf(d)) return json{{"doubleValue", d > 0 ? "Infinity" : "-Infinity"}};
  return json{{"doubleValue", d}};
}

double decode_double(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  bad_answer("doubleValue");
}

}  // namespace

json encode_value(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return json{{"nullValue", nullptr}};
    case json::value_t::boolean:
      return json{{"booleanValue", value.get<bool>()}};
    case json::value_t::number_integer:
      return json{{"integerValue", std::to_string(value.get<std::int64_t>())}};
    case json::value_t::number_unsigned: {
      auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        bad_value("integer " + std::to_string(u) + " does not fit in int64");
      }
      return json{{"integerValue", std::to_string(u)}};
    }
    case json::value_t::number_float:
      return encode_double(value.get<double>());
    case json::value_t::string:
      return json{{"stringValue", value}};
    case json::value_t::array: {
      json values = json::array();
      for (const auto& item : value) {
        if (store::is_server_timestamp(item)) bad_value("a server timestamp cannot be inside an array");
        values.push_back(encode_value(item));
      }
      return json{{"arrayValue", values.empty() ? json::object() : json{{"values", values}}}};
    }
    case json::value_t::object: {
      if (store::is_timestamp(value)) {
        // Normalise the text (Firestore accepts any RFC 3339 precision).
        auto t = store::as_timestamp(value);
        if (!t) bad_value("invalid timestampValue");
        return json{{"timestampValue", store::format_rfc3339(*t)}};
      }
      if (store::is_server_timestamp(value)) bad_value("server timestamp outside a write's fields");
      if (is_passthrough(value)) return value;
      return json{{"mapValue", value.empty() ? json::object() : json{{"fields", encode_fields(value)}}}};
    }
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  bad_value("unsupported JSON value");
}

json encode_fields(const json& object) {
  json out = json::object();
  for (const auto& [key, v] : object.items()) out[key] = encode_value(v);
  return out;
}

json decode_value(const json& value) {
  if (!value.is_object() || value.size() != 1) bad_answer("expected an object with one key");
  const auto& key = value.begin().key();
  const auto& v = value.begin().value();
  if (key == "nullValue") return nullptr;
  if (key == "booleanValue") {
    if (!v.is_boolean()) bad_answer("booleanValue");
    return v;
  }
  if (key == "integerValue") {
    // int64 travels as a decimal string; accept a number too.
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (!v.is_string()) bad_answer("integerValue");
    try {
      size_t used = 0;
      long long n = std::stoll(v.get<std::string>(), &used);
      if (used != v.get_ref<const std::string&>().size()) bad_answer("integerValue");
      return static_cast<std::int64_t>(n);
    } catch (const std::logic_error&) {
      bad_answer("integerValue");
    }
  }
  if (key == "doubleValue") return decode_double(v);
  if (key == "stringValue") {
    if (!v.is_string()) bad_answer("stringValue");
    return v;
  }
  if (key == "timestampValue") {
    if (!v.is_string()) bad_answer("timestampValue");
    auto t = store::parse_rfc3339(v.get<std::string>());
    if (!t) bad_answer("timestampValue");
    return store::timestamp_value(*t);
  }
  if (key == "arrayValue") {
    json out = json::array();
    if (v.is_object() && v.contains("values")) {
      for (const auto& item : v["values"]) out.push_back(decode_value(item));
    }
    return out;
  }
  if (key == "mapValue") {
    return decode_fields(v.is_object() && v.contains("fields") ? v["fields"] : json());
  }
  if (key == "bytesValue" || key == "referenceValue" || key == "geoPointValue") return value;
  bad_answer("unknown value type " + key);
}

json decode_fields(const json& fields) {
  json out = json::object();
  if (fields.is_null()) return out;
  if (!fields.is_object()) bad_answer("fields is not an object");
  for (const auto& [key, v] : fields.items()) out[key] = decode_value(v);
  return out;
}

}  // namespace interview::gcp
