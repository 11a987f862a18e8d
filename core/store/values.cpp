#include "core/store/values.hpp"

#include <cstdio>
#include <ctime>

namespace interview::store {

TimePoint now_micros() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(Clock::now());
}

std::string format_rfc3339(TimePoint t) {
  using namespace std::chrono;
  auto secs = floor<seconds>(t);
  auto micros = duration_cast<microseconds>(t - secs).count();
  std::time_t tt = secs.time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

namespace {
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<TimePoint> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t pos = 19;
  long long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 6) micros = micros * 10 + (s[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) micros *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om))
      return std::nullopt;
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  std::time_t tt = timegm(&tm);
  using namespace std::chrono;
  return TimePoint(seconds(tt) - minutes(offset_minutes) + microseconds(micros));
}

nlohmann::json timestamp_value(TimePoint t) {
  return nlohmann::json{{"timestampValue", format_rfc3339(t)}};
}

bool is_timestamp(const nlohmann::json& v) {
  return v.is_object() && v.size() == 1 && v.contains("timestampValue") &&
         v["timestampValue"].is_string();
}

std::optional<TimePoint> as_timestamp(const nlohmann::json& v) {
  if (!is_timestamp(v)) return std::nullopt;
  return parse_rfc3339(v["timestampValue"].get<std::string>());
}

nlohmann::json server_timestamp() { return nlohmann::json{{"serverTimestamp", "REQUEST_TIME"}}; }

bool is_server_timestamp(const nlohmann::json& v) {
  return v.is_object() && v.size() == 1 && v.contains("serverTimestamp");
}

}  // namespace interview::store
