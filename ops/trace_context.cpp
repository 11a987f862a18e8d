#include "ops/trace_context.hpp"

#include "core/ascii.hpp"

#include <cctype>
#include <cinttypes>
#include <cstdint>
#include <cstdio>

namespace interview::ops {
namespace {

bool is_hex(std::string_view s, bool lowercase_only) {
  if (s.empty()) return false;
  for (char c : s) {
    bool digit = c >= '0' && c <= '9';
    bool lower = c >= 'a' && c <= 'f';
    bool upper = c >= 'A' && c <= 'F';
    if (!digit && !lower && !(upper && !lowercase_only)) return false;
  }
  return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

std::string lower(std::string_view s) { return ascii_lower(s); }
std::string_view trim(std::string_view s) { return trim_blanks(s); }

std::optional<TraceContext> parse_cloud(std::string_view h) {
  h = trim(h);
  std::string_view options;
  if (auto semi = h.find(';'); semi != std::string_view::npos) {
    options = h.substr(semi + 1);
    h = h.substr(0, semi);
  }
  std::string_view trace = h, span;
  if (auto slash = h.find('/'); slash != std::string_view::npos) {
    trace = h.substr(0, slash);
    span = h.substr(slash + 1);
  }
  if (trace.size() != 32 || !is_hex(trace, false) || all_zero(trace)) return std::nullopt;
  TraceContext t{lower(trace), "", false};
  if (!span.empty()) {
    // Decimal, at most 2^64-1; Cloud Logging wants it as 16 hex digits.
    if (span.size() > 20 || span.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : span) {
      std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
      if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
      value = value * 10 + digit;
    }
    if (value != 0) {
      char buf[17];
      std::snprintf(buf, sizeof buf, "%016" PRIx64, value);
      t.span_id = buf;
    }
  }
  if (!options.empty()) {
    if (options == "o=1") t.sampled = true;
    else if (options != "o=0") return std::nullopt;
  }
  return t;
}

std::optional<TraceContext> parse_w3c(std::string_view h) {
  h = trim(h);
  // version-traceid-parentid-flags; a future version may append fields.
  if (h.size() < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-') return std::nullopt;
  std::string_view version = h.substr(0, 2), trace = h.substr(3, 32), span = h.substr(36, 16),
                   flags = h.substr(53, 2);
  if (!is_hex(version, true) || version == "ff") return std::nullopt;
  if (version == "00" && h.size() != 55) return std::nullopt;
  if (version != "00" && h.size() > 55 && h[55] != '-') return std::nullopt;
  if (!is_hex(trace, true) || all_zero(trace) || !is_hex(span, true) || all_zero(span) || !is_hex(flags, true))
    return std::nullopt;
  int flag_bits = std::stoi(std::string(flags), nullptr, 16);
  return TraceContext{std::string(trace), std::string(span), (flag_bits & 1) != 0};
}

}  // namespace

std::optional<TraceContext> parse_trace(std::string_view x_cloud_trace_context, std::string_view traceparent) {
  if (auto t = parse_cloud(x_cloud_trace_context)) return t;
  return parse_w3c(traceparent);
}

}  // namespace interview::ops
