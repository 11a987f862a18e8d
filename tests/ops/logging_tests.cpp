// setup_logging/log_access: every JSON line is parsed back with nlohmann.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>

#include "ops/logging.hpp"

using namespace interview::ops;
using json = nlohmann::json;

namespace {

// Routes the default logger into a string for the duration of a test.
struct CapturedLog {
  std::ostringstream out;

  explicit CapturedLog(LogFormat format, std::string project = "demo-project",
                       spdlog::level::level_enum level = spdlog::level::debug) {
    LoggingOptions options;
    options.project_id = std::move(project);
    options.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    setup_logging(format, level, std::move(options));
  }
  ~CapturedLog() { spdlog::set_default_logger(std::make_shared<spdlog::logger>("null")); }

  std::vector<std::string> lines() const {
    std::vector<std::string> result;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) result.push_back(line);
    return result;
  }
  // Each line must be one complete JSON object.
  std::vector<json> json_lines() const {
    std::vector<json> result;
    for (const auto& line : lines()) {
      INFO("line: " << line);
      json j;
      REQUIRE_NOTHROW(j = json::parse(line));
      REQUIRE(j.is_object());
      result.push_back(j);
    }
    return result;
  }
};

bool is_rfc3339_utc(const std::string& s) {
  // 2026-11-25T01:00:00.123456Z
  if (s.size() != 27 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[19] != '.' || s[26] != 'Z')
    return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

TEST_CASE("JSON lines carry severity, message and an RFC 3339 UTC time") {
  CapturedLog log(LogFormat::json);
  spdlog::debug("d");
  spdlog::info("hello {}", 42);
  spdlog::warn("w");
  spdlog::error("e");
  spdlog::critical("c");
  const std::string severities[] = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(lines[i]["severity"] == severities[i]);
  CHECK(lines[1]["message"] == "hello 42");
  for (const auto& l : lines) CHECK_MESSAGE(is_rfc3339_utc(l["time"].get<std::string>()), l["time"]);
  CHECK_FALSE(lines[1].contains("logging.googleapis.com/trace"));
}

TEST_CASE("the level passed to setup_logging filters lines") {
  CapturedLog log(LogFormat::json, "p", spdlog::level::warn);
  spdlog::info("hidden");
  spdlog::warn("shown");
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["message"] == "shown");
}

TEST_CASE("quotes, newlines, control characters and invalid UTF-8 still give one valid JSON line") {
  CapturedLog log(LogFormat::json);
  spdlog::info("say \"hi\"\nnext line\ttab \x01 bad: \xff\xfe end é");
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 1);
  std::string msg = lines[0]["message"];
  CHECK(msg.find("say \"hi\"\nnext line\ttab \x01") == 0);
  CHECK(msg.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD replaces the bad bytes
  CHECK(msg.find("end é") != std::string::npos);
}

TEST_CASE("the scoped context adds trace, span and user id, and is restored afterwards") {
  CapturedLog log(LogFormat::json, "my-proj");
  auto trace = parse_trace("105445aa7843bc8bf206b12000100000/1;o=1", "");
  REQUIRE(trace);
  {
    ScopedLogContext scope(make_log_context(trace, "0123456789abcdef0123456789abcdef"));
    spdlog::info("inside");
    {
      ScopedLogContext inner(LogContext{"", "", "other", false});
      spdlog::info("nested");
    }
    spdlog::info("inside again");
  }
  spdlog::info("outside");
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["logging.googleapis.com/trace"] == "projects/my-proj/traces/105445aa7843bc8bf206b12000100000");
  CHECK(lines[0]["logging.googleapis.com/spanId"] == "0000000000000001");
  CHECK(lines[0]["logging.googleapis.com/trace_sampled"] == true);
  CHECK(lines[0]["user_id"] == "0123456789abcdef0123456789abcdef");
  CHECK(lines[1]["user_id"] == "other");
  CHECK_FALSE(lines[1].contains("logging.googleapis.com/trace"));
  CHECK(lines[2]["user_id"] == "0123456789abcdef0123456789abcdef");
  CHECK_FALSE(lines[3].contains("user_id"));
  CHECK_FALSE(lines[3].contains("logging.googleapis.com/trace"));
}

TEST_CASE("without a project the bare trace id is written") {
  CapturedLog log(LogFormat::json, "");
  ScopedLogContext scope(make_log_context(parse_trace("", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
  spdlog::info("x");
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["logging.googleapis.com/trace"] == "4bf92f3577b34da6a3ce929d0e0e4736");
  CHECK(lines[0]["logging.googleapis.com/spanId"] == "00f067aa0ba902b7");
}

TEST_CASE("extra fields become top-level keys but cannot replace the reserved ones") {
  CapturedLog log(LogFormat::json);
  log_fields(spdlog::level::info, "with fields", {{"slot", 3}, {"severity", "DEBUG"}, {"message", "spoof"}});
  spdlog::info("plain");
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["slot"] == 3);
  CHECK(lines[0]["severity"] == "INFO");
  CHECK(lines[0]["message"] == "with fields");
  CHECK_FALSE(lines[1].contains("slot"));
}

TEST_CASE("an access log line carries Cloud Logging's httpRequest object") {
  CapturedLog log(LogFormat::json);
  AccessLogEntry e;
  e.method = "GET";
  e.url = "/status/abc?key=AIzaSyA1234567890abcdefghijklmnopqrstuv";
  e.status = 404;
  e.response_size = 57;
  e.user_agent = "Mozilla/5.0 \"quoted\"";
  e.remote_ip = "10.0.0.7";
  e.latency = std::chrono::milliseconds(12);
  log_access(e);
  e.status = 503;
  e.latency = std::chrono::microseconds(1500);
  log_access(e);
  e.status = 200;
  e.latency = std::chrono::seconds(2);
  log_access(e);
  auto lines = log.json_lines();
  REQUIRE(lines.size() == 3);
  const json& r = lines[0]["httpRequest"];
  CHECK(r["requestMethod"] == "GET");
  CHECK(r["requestUrl"] == "/status/abc?key=[REDACTED]");
  CHECK(r["status"] == 404);
  CHECK(r["responseSize"] == "57");
  CHECK(r["userAgent"] == "Mozilla/5.0 \"quoted\"");
  CHECK(r["remoteIp"] == "10.0.0.7");
  CHECK(r["latency"] == "0.012s");
  CHECK(r["protocol"] == "HTTP/1.1");
  CHECK(lines[0]["severity"] == "WARNING");
  CHECK(lines[0]["message"].get<std::string>().find("AIza") == std::string::npos);
  CHECK(lines[1]["severity"] == "ERROR");
  CHECK(lines[1]["httpRequest"]["latency"] == "0.001500s");
  CHECK(lines[2]["severity"] == "INFO");
  CHECK(lines[2]["httpRequest"]["latency"] == "2s");
}

TEST_CASE("latency is a protobuf Duration string") {
  CHECK(format_latency(std::chrono::nanoseconds(0)) == "0s");
  CHECK(format_latency(std::chrono::milliseconds(12)) == "0.012s");
  CHECK(format_latency(std::chrono::nanoseconds(1234567891)) == "1.234567891s");
  CHECK(format_latency(std::chrono::nanoseconds(-5)) == "0s");
}

TEST_CASE("text format is one human line with the context, and secrets are masked there too") {
  CapturedLog log(LogFormat::text);
  ScopedLogContext scope(LogContext{"105445aa7843bc8bf206b12000100000", "", "u1", false});
  spdlog::warn("calling with Authorization: Bearer abc.def.ghi");
  log_fields(spdlog::level::info, "placed", {{"slot", 2}, {"state", "in_session"}});
  auto lines = log.lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find(" WARNING calling with Authorization: Bearer [REDACTED]") != std::string::npos);
  CHECK(lines[0].find("abc.def") == std::string::npos);
  CHECK(lines[0].find("user_id=u1") != std::string::npos);
  CHECK(lines[0].find("trace=105445aa7843bc8bf206b12000100000") != std::string::npos);
  CHECK(lines[1].find("placed") != std::string::npos);
  CHECK(lines[1].find("slot=2") != std::string::npos);
  CHECK(lines[1].find("state=in_session") != std::string::npos);
  CHECK_THROWS(json::parse(lines[1]));
}

TEST_CASE("log formats are read from LOG_FORMAT values") {
  CHECK(parse_log_format("json") == LogFormat::json);
  CHECK(parse_log_format("JSON") == LogFormat::json);
  CHECK(parse_log_format("text") == LogFormat::text);
  CHECK_FALSE(parse_log_format("yaml"));
  CHECK_FALSE(parse_log_format(""));
}
