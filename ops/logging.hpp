#pragma once
// Process-wide logging through spdlog's default logger: JSON lines that Cloud
// Logging parses (LOG_FORMAT=json) or plain text for humans (the default).
// Every message is passed through redact() before it is written.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "ops/access_log.hpp"
#include "ops/log_context.hpp"
#include "ops/redact.hpp"
#include "ops/trace_context.hpp"

namespace interview::ops {

enum class LogFormat { text, json };

// "json" or "text" (case-insensitive); nullopt otherwise.
std::optional<LogFormat> parse_log_format(std::string_view value);

struct LoggingOptions {
  // For `logging.googleapis.com/trace` = projects/{project}/traces/{trace};
  // when empty the bare trace id is written.
  std::string project_id;
  // Where lines go; stdout when null (tests pass an ostream sink).
  spdlog::sink_ptr sink;
};

// Replaces spdlog's default logger (synchronous, so the thread-local
// LogContext is the caller's). app/ passes the project (GOOGLE_CLOUD_PROJECT).
void setup_logging(LogFormat format, spdlog::level::level_enum level, LoggingOptions options = {});

// Logs `message` with extra fields: top-level keys in a JSON line (never
// overriding severity/message/time/trace keys), `key=value` in text.
void log_fields(spdlog::level::level_enum level, std::string_view message, const nlohmann::json& fields);

}  // namespace interview::ops
