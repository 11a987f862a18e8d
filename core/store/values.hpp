#pragma once
// Typed values that plain JSON cannot express, encoded the way Firestore's REST
// API encodes them, so the Firestore adapter maps them 1:1 and the embedded store
// can order them (RFC 3339 with fixed microsecond width sorts lexicographically).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace interview::store {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::time_point<Clock, std::chrono::microseconds>;

TimePoint now_micros();

// "2026-11-25T00:42:13.123456Z" (always 6 fractional digits, UTC).
std::string format_rfc3339(TimePoint t);
// Accepts any fractional precision (0-9 digits) and a Z or +hh:mm offset.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

// {"timestampValue": "<rfc3339>"}: a Firestore Timestamp.
nlohmann::json timestamp_value(TimePoint t);
bool is_timestamp(const nlohmann::json& v);
std::optional<TimePoint> as_timestamp(const nlohmann::json& v);

// {"serverTimestamp": "REQUEST_TIME"}: only valid inside a write; the store
// replaces it with its commit time (Firestore's REQUEST_TIME transform).
nlohmann::json server_timestamp();
bool is_server_timestamp(const nlohmann::json& v);

}  // namespace interview::store
