// JSON ↔ Firestore REST encoding, without a server.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "core/store/document_store.hpp"
#include "gcp/firestore/field_path.hpp"
#include "gcp/firestore/query_codec.hpp"
#include "gcp/firestore/value_codec.hpp"
#include "gcp/firestore/write_codec.hpp"

using namespace interview;
using namespace interview::gcp;
using nlohmann::json;

namespace {
const std::string kRoot = "projects/p/databases/(default)/documents";
}

TEST_CASE("firestore codec: every JSON type encodes to its Firestore value") {
  CHECK(encode_value(nullptr) == json{{"nullValue", nullptr}});
  CHECK(encode_value(true) == json{{"booleanValue", true}});
  CHECK(encode_value(-7) == json{{"integerValue", "-7"}});
  CHECK(encode_value(std::numeric_limits<std::int64_t>::max()) ==
        json{{"integerValue", "9223372036854775807"}});
  CHECK(encode_value(2.5) == json{{"doubleValue", 2.5}});
  CHECK(encode_value("x") == json{{"stringValue", "x"}});
  CHECK(encode_value(json::array()) == json{{"arrayValue", json::object()}});
  CHECK(encode_value(json::object()) == json{{"mapValue", json::object()}});
  CHECK(encode_value(json{1, "a"}) ==
        json{{"arrayValue", {{"values", {{{"integerValue", "1"}}, {{"stringValue", "a"}}}}}}});
  CHECK(encode_value(json{{"k", false}}) ==
        json{{"mapValue", {{"fields", {{"k", {{"booleanValue", false}}}}}}}});
  // A timestamp is a Firestore Timestamp, normalised to microseconds.
  CHECK(encode_value(json{{"timestampValue", "2026-01-02T03:04:05.1Z"}}) ==
        json{{"timestampValue", "2026-01-02T03:04:05.100000Z"}});
  CHECK(encode_value(std::nan("")) == json{{"doubleValue", "NaN"}});
  CHECK(encode_value(-std::numeric_limits<double>::infinity()) == json{{"doubleValue", "-Infinity"}});
}

TEST_CASE("firestore codec: values decode back to the same JSON") {
  json doc = {{"s", "Łódź \"q\""}, {"i", -42}, {"big", std::numeric_limits<std::int64_t>::min()},
              {"d", 0.1}, {"whole_double", 3.0}, {"b", false}, {"n", nullptr},
              {"arr", {1, json::array(), json::object(), {{"k", "v"}}}}, {"empty", json::object()},
              {"ts", store::timestamp_value(store::TimePoint(std::chrono::seconds(1'800'000'000)))}};
  json back = decode_fields(encode_fields(doc));
  CHECK(back == doc);
  // A double stays a double even when it is whole (3.0 is not 3).
  CHECK(back["whole_double"].is_number_float());
  CHECK(back["big"].is_number_integer());
}

TEST_CASE("firestore codec: decoding accepts Firestore's own spellings") {
  CHECK(decode_value({{"integerValue", "123"}}) == 123);
  CHECK(decode_value({{"doubleValue", 1}}).is_number_float());
  CHECK(std::isinf(decode_value({{"doubleValue", "Infinity"}}).get<double>()));
  CHECK(decode_value({{"arrayValue", json::object()}}) == json::array());
  CHECK(decode_value({{"mapValue", json::object()}}) == json::object());
  // Millisecond precision from the server reads as the normalised text.
  CHECK(decode_value({{"timestampValue", "2026-11-25T00:48:20.784Z"}}) ==
        json{{"timestampValue", "2026-11-25T00:48:20.784000Z"}});
  // Types this service never writes still survive a read-modify-write.
  json ref = {{"referenceValue", "projects/p/databases/(default)/documents/a/b"}};
  CHECK(decode_value(ref) == ref);
  CHECK(encode_value(ref) == ref);
  CHECK_THROWS_AS(decode_value({{"integerValue", "12x"}}), store::StoreFailure);
  CHECK_THROWS_AS(decode_value({{"mysteryValue", 1}}), store::StoreFailure);
}

TEST_CASE("firestore codec: what Firestore cannot store is a bad_request") {
  try {
    encode_value(std::numeric_limits<std::uint64_t>::max());
    FAIL("expected a StoreFailure");
  } catch (const store::StoreFailure& f) {
    CHECK(f.error.kind == ErrorKind::bad_request);
  }
  CHECK_THROWS_AS(encode_value(json::array({store::server_timestamp()})), store::StoreFailure);
}

TEST_CASE("firestore codec: set, merge and remove become update, masked update and delete") {
  store::Write set{store::Write::Kind::set, "users", "u1", {{"a", 1}}, {}};
  json w = encode_write(set, kRoot);
  CHECK(w["update"]["name"] == kRoot + "/users/u1");
  CHECK(w["update"]["fields"] == json{{"a", {{"integerValue", "1"}}}});
  CHECK_FALSE(w.contains("updateMask"));
  CHECK_FALSE(w.contains("currentDocument"));

  store::Write merge{store::Write::Kind::merge, "users", "u1", {{"b", 2}, {"odd-name", 3}}, true};
  json m = encode_write(merge, kRoot);
  CHECK(m["updateMask"]["fieldPaths"] == json{"b", "`odd-name`"});
  CHECK(m["currentDocument"] == json{{"exists", true}});

  store::Write create{store::Write::Kind::set, "users", "u2", json::object(), false};
  CHECK(encode_write(create, kRoot)["currentDocument"] == json{{"exists", false}});

  store::Write remove{store::Write::Kind::remove, "queue", "u1", json::object(), {}};
  CHECK(encode_write(remove, kRoot) == json{{"delete", kRoot + "/queue/u1"}});
}

TEST_CASE("firestore codec: a server timestamp becomes a REQUEST_TIME transform, not a field") {
  store::Write set{store::Write::Kind::set, "queue", "u", {{"user_id", "u"}, {"created_at", store::server_timestamp()},
                                                           {"meta", {{"at", store::server_timestamp()}, {"x", 1}}}}, {}};
  json w = encode_write(set, kRoot);
  CHECK_FALSE(w["update"]["fields"].contains("created_at"));
  CHECK(w["update"]["fields"]["meta"]["mapValue"]["fields"] == json{{"x", {{"integerValue", "1"}}}});
  CHECK(w["updateTransforms"] ==
        json{{{"fieldPath", "created_at"}, {"setToServerValue", "REQUEST_TIME"}},
             {{"fieldPath", "meta.at"}, {"setToServerValue", "REQUEST_TIME"}}});

  store::Write merge{store::Write::Kind::merge, "users", "u", {{"status", "idle"}, {"updated_at", store::server_timestamp()}}, {}};
  json m = encode_write(merge, kRoot);
  // Left in the mask without a value it would be deleted before the transform.
  CHECK(m["updateMask"]["fieldPaths"] == json{"status"});
  CHECK(m["updateTransforms"] == json{{{"fieldPath", "updated_at"}, {"setToServerValue", "REQUEST_TIME"}}});
}

TEST_CASE("firestore codec: ids Firestore rejects are refused before any call") {
  for (const char* bad : {"", "a/b", ".", "..", "__x__"}) {
    store::Write w{store::Write::Kind::set, "users", bad, json::object(), {}};
    CHECK_THROWS_AS(encode_write(w, kRoot), store::StoreFailure);
  }
}

TEST_CASE("firestore codec: queries become structured queries") {
  store::Query one("queue");
  one.where("status", store::Op::eq, "pending");
  json q1 = encode_structured_query(one);
  CHECK(q1["from"] == json::array({{{"collectionId", "queue"}}}));
  CHECK(q1["where"] == json{{"fieldFilter", {{"field", {{"fieldPath", "status"}}}, {"op", "EQUAL"},
                                             {"value", {{"stringValue", "pending"}}}}}});
  CHECK_FALSE(q1.contains("orderBy"));
  CHECK_FALSE(q1.contains("limit"));

  store::Query many("in_session");
  many.where("expiry_time", store::Op::le, store::timestamp_value(store::TimePoint(std::chrono::seconds(1))))
      .where("status", store::Op::ne, nullptr)
      .order("expiry_time", store::Direction::desc)
      .take(5);
  json q2 = encode_structured_query(many);
  const auto& filters = q2["where"]["compositeFilter"]["filters"];
  CHECK(q2["where"]["compositeFilter"]["op"] == "AND");
  REQUIRE(filters.size() == 2);
  CHECK(filters[0]["fieldFilter"]["op"] == "LESS_THAN_OR_EQUAL");
  CHECK(filters[0]["fieldFilter"]["value"] == json{{"timestampValue", "1970-01-01T00:00:01.000000Z"}});
  // Firestore matches nothing with EQUAL/NOT_EQUAL null: unary filters instead.
  CHECK(filters[1] == json{{"unaryFilter", {{"op", "IS_NOT_NULL"}, {"field", {{"fieldPath", "status"}}}}}});
  CHECK(q2["orderBy"] == json::array({{{"field", {{"fieldPath", "expiry_time"}}}, {"direction", "DESCENDING"}}}));
  CHECK(q2["limit"] == 5);

  store::Query null_eq("users");
  null_eq.where("resume_path", store::Op::eq, nullptr);
  CHECK(encode_structured_query(null_eq)["where"]["unaryFilter"]["op"] == "IS_NULL");
  store::Query null_lt("users");
  null_lt.where("resume_path", store::Op::lt, nullptr);
  CHECK_THROWS_AS(encode_structured_query(null_lt), store::StoreFailure);

  json count = encode_count_query(store::Query("queue"));
  CHECK(count["aggregations"] == json::array({{{"alias", "count"}, {"count", json::object()}}}));
  CHECK(count["structuredQuery"]["from"][0]["collectionId"] == "queue");
}

TEST_CASE("firestore codec: field paths quote what is not an identifier") {
  const std::pair<std::string, std::string> quoted[] = {
      {"created_at", "created_at"}, {"user-id", "`user-id`"}, {"9lives", "`9lives`"}, {"back`tick", "`back\\`tick`"}};
  for (const auto& [segment, expected] : quoted) CHECK(quote_segment(segment) == expected);
  CHECK(dotted_path("swot_analysis.strengths") == "swot_analysis.strengths");
  CHECK(dotted_path("a.x y") == "a.`x y`");
}
