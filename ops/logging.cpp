#include "ops/logging.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace interview::ops {
namespace {

// Set by log_fields for the duration of one synchronous log call.
thread_local const nlohmann::json* t_fields = nullptr;

const char* severity(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return "DEBUG";
    case spdlog::level::info: return "INFO";
    case spdlog::level::warn: return "WARNING";
    case spdlog::level::err: return "ERROR";
    case spdlog::level::critical: return "CRITICAL";
    default: return "DEFAULT";
  }
}

// RFC 3339 in UTC with microseconds: 2026-11-25T01:00:00.123456Z
std::string rfc3339(spdlog::log_clock::time_point tp) {
  auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(since_epoch.count() / 1000000);
  long micros = static_cast<long>(since_epoch.count() % 1000000);
  if (micros < 0) {
    micros += 1000000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06ldZ", micros);
  return buf;
}

void append(spdlog::memory_buf_t& dest, const std::string& s) { dest.append(s.data(), s.data() + s.size()); }

class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(std::string project) : project_(std::move(project)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    nlohmann::ordered_json line;
    line["severity"] = severity(msg.level);
    line["time"] = rfc3339(msg.time);
    line["message"] = redact(std::string_view(msg.payload.data(), msg.payload.size()));
    const LogContext& ctx = current_log_context();
    if (!ctx.trace.empty()) {
      line["logging.googleapis.com/trace"] =
          project_.empty() ? ctx.trace : "projects/" + project_ + "/traces/" + ctx.trace;
      if (!ctx.span.empty()) line["logging.googleapis.com/spanId"] = ctx.span;
      line["logging.googleapis.com/trace_sampled"] = ctx.trace_sampled;
    }
    if (!ctx.user_id.empty()) line["user_id"] = ctx.user_id;
    if (!ctx.client_ip.empty()) line["client_ip"] = ctx.client_ip;
    if (t_fields && t_fields->is_object())
      for (const auto& [key, value] : t_fields->items())
        if (!line.contains(key)) line[key] = value;
    // Invalid UTF-8 becomes U+FFFD instead of throwing: a log line must never fail.
    append(dest, line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    dest.push_back('\n');
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(project_); }

 private:
  std::string project_;
};

class TextFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = rfc3339(msg.time) + " " + severity(msg.level) + " " +
                       redact(std::string_view(msg.payload.data(), msg.payload.size()));
    const LogContext& ctx = current_log_context();
    if (!ctx.user_id.empty()) line += " user_id=" + ctx.user_id;
    if (!ctx.trace.empty()) line += " trace=" + ctx.trace;
    if (t_fields && t_fields->is_object())
      for (const auto& [key, value] : t_fields->items()) {
        if (key == "httpRequest") continue;  // the access log message already says it
        line += " " + key + "=" +
                (value.is_string() ? value.get<std::string>()
                                   : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    append(dest, line);
    dest.push_back('\n');
  }

  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<TextFormatter>(); }
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view value) {
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "json") return LogFormat::json;
  if (lower == "text") return LogFormat::text;
  return std::nullopt;
}

void setup_logging(LogFormat format, spdlog::level::level_enum level, LoggingOptions options) {
  auto sink = options.sink ? options.sink : std::make_shared<spdlog::sinks::stdout_sink_mt>();
  if (format == LogFormat::json) sink->set_formatter(std::make_unique<JsonFormatter>(options.project_id));
  else sink->set_formatter(std::make_unique<TextFormatter>());
  auto logger = std::make_shared<spdlog::logger>("interview", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

void log_fields(spdlog::level::level_enum level, std::string_view message, const nlohmann::json& fields) {
  const nlohmann::json* previous = t_fields;
  t_fields = &fields;
  spdlog::default_logger_raw()->log(level, "{}", message);
  t_fields = previous;
}

}  // namespace interview::ops
