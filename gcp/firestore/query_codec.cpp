#include "gcp/firestore/query_codec.hpp"

#include <cmath>

#include "gcp/firestore/field_path.hpp"
#include "gcp/firestore/resource_names.hpp"
#include "gcp/firestore/value_codec.hpp"

namespace interview::gcp {

using nlohmann::json;
using store::Op;

namespace {

const char* op_name(Op op) {
  switch (op) {
    case Op::eq: return "EQUAL";
    case Op::ne: return "NOT_EQUAL";
    case Op::lt: return "LESS_THAN";
    case Op::le: return "LESS_THAN_OR_EQUAL";
    case Op::gt: return "GREATER_THAN";
    case Op::ge: return "GREATER_THAN_OR_EQUAL";
  }
  return "OPERATOR_UNSPECIFIED";
}

json field_ref(const std::string& field) { return {{"fieldPath", dotted_path(field)}}; }

json encode_filter(const store::Filter& f) {
  const bool is_nan = f.value.is_number_float() && std::isnan(f.value.get<double>());
  if (f.value.is_null() || is_nan) {
    if (f.op != Op::eq && f.op != Op::ne) {
      throw store::StoreFailure{make_error(
          ErrorKind::bad_request, "firestore: only == and != can compare with null or NaN (field " + f.field + ")")};
    }
    const char* op = f.value.is_null() ? (f.op == Op::eq ? "IS_NULL" : "IS_NOT_NULL")
                                       : (f.op == Op::eq ? "IS_NAN" : "IS_NOT_NAN");
    return {{"unaryFilter", {{"op", op}, {"field", field_ref(f.field)}}}};
  }
  return {{"fieldFilter",
           {{"field", field_ref(f.field)}, {"op", op_name(f.op)}, {"value", encode_value(f.value)}}}};
}

}  // namespace

json encode_structured_query(const store::Query& query) {
  check_collection_id(query.collection);
  json q = {{"from", json::array({{{"collectionId", query.collection}}})}};
  if (query.filters.size() == 1) {
    q["where"] = encode_filter(query.filters.front());
  } else if (query.filters.size() > 1) {
    json filters = json::array();
    for (const auto& f : query.filters) filters.push_back(encode_filter(f));
    q["where"] = {{"compositeFilter", {{"op", "AND"}, {"filters", filters}}}};
  }
  if (query.order_by) {
    q["orderBy"] = json::array(
        {{{"field", field_ref(query.order_by->first)},
          {"direction", query.order_by->second == store::Direction::asc ? "ASCENDING" : "DESCENDING"}}});
  }
  if (query.limit) {
    if (*query.limit < 0) {
      throw store::StoreFailure{make_error(ErrorKind::bad_request, "firestore: negative query limit")};
    }
    q["limit"] = *query.limit;
  }
  return q;
}

json encode_count_query(const store::Query& query) {
  return {{"structuredQuery", encode_structured_query(query)},
          {"aggregations", json::array({{{"alias", "count"}, {"count", json::object()}}})}};
}

}  // namespace interview::gcp
