#pragma once
// Reads the request's trace from the headers Cloud Run and W3C clients send.
#include <optional>
#include <string>
#include <string_view>

namespace interview::ops {

struct TraceContext {
  std::string trace_id;  // 32 lowercase hex digits
  std::string span_id;   // 16 lowercase hex digits, empty when the header had none
  bool sampled = false;
};

// `X-Cloud-Trace-Context: TRACE_ID[/SPAN_ID][;o=0|1]` (SPAN_ID decimal, as
// Google sends it; converted to hex for Cloud Logging) is preferred, because
// it is what Cloud Run's own request log is grouped by; otherwise W3C
// `traceparent: 00-<32 hex>-<16 hex>-<2 hex>`. Pass "" for an absent header.
// Returns nullopt when neither is well formed (all-zero ids are invalid).
std::optional<TraceContext> parse_trace(std::string_view x_cloud_trace_context, std::string_view traceparent);

}  // namespace interview::ops
