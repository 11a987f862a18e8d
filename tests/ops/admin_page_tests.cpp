// The embedded dashboard: the figures a test or an operator reads are there,
// and the page loads nothing from elsewhere.
#include <doctest/doctest.h>

#include <string>

#include "ops/admin_page.hpp"

using interview::ops::admin_page_html;

TEST_CASE("the page is the whole HTML file") {
  std::string_view page = admin_page_html();
  CHECK(page.rfind("<!doctype html>", 0) == 0);
  CHECK(page.find("</html>") != std::string_view::npos);
}

TEST_CASE("every figure has its stable id") {
  std::string_view page = admin_page_html();
  for (const char* id : {"slots-in-use", "slots-total", "slots-bar", "queue-length", "decisions-join",
                         "coordinator-retries", "coordinator-last-error", "janitor-last-tick", "janitor-expired",
                         "janitor-closings", "interviews-live", "llm-size", "llm-busy", "llm-calls", "llm-failures",
                         "llm-p50", "llm-p95", "llm-p99", "store-errors", "http-requests", "http-in-flight", "uptime",
                         "rss", "version", "banner", "token-input"}) {
    INFO(id);
    CHECK(page.find(std::string("id=\"") + id + "\"") != std::string_view::npos);
  }
}

TEST_CASE("no external resources: no CDN scripts, stylesheets or fonts") {
  std::string_view page = admin_page_html();
  CHECK(page.find("http://") == std::string_view::npos);
  CHECK(page.find("https://") == std::string_view::npos);
  CHECK(page.find("src=\"//") == std::string_view::npos);
  CHECK(page.find("<link") == std::string_view::npos);
  CHECK(page.find("@import") == std::string_view::npos);
  CHECK(page.find("fetch(\"/stats\"") != std::string_view::npos);
}

TEST_CASE("the operator controls have their stable ids and call /admin/api") {
  std::string_view page = admin_page_html();
  for (const char* id : {"admission-state", "admission-limit", "admission-configured", "admission-in-use", "admin-pause",
                         "admin-resume", "admin-slots-input", "admin-slots-set", "admin-end-user", "admin-end-button",
                         "admin-dequeue-user", "admin-dequeue-button", "admin-result", "audit-rows"}) {
    INFO(id);
    CHECK(page.find(std::string("id=\"") + id + "\"") != std::string_view::npos);
  }
  for (const char* path : {"\"/admin/api/pause\"", "\"/admin/api/resume\"", "\"/admin/api/slots\"", "\"/admin/api/sessions/\"",
                           "\"/admin/api/queue/\"", "\"/admin/api/audit?limit=50\"", "\"/admin/api/admission\""}) {
    INFO(path);
    CHECK(page.find(path) != std::string_view::npos);
  }
}

TEST_CASE("the candidate pages have their stable ids, call /admin/api/candidates and print only the record") {
  std::string_view page = admin_page_html();
  for (const char* id : {"candidates-card", "candidates-status", "candidates-limit", "candidates-rows", "candidates-older",
                         "candidates-newer", "candidate-record", "record-name", "record-email", "record-phone",
                         "record-status", "record-timeline", "record-transcript", "record-swot", "record-swot-strengths",
                         "record-swot-weaknesses", "record-swot-opportunities", "record-swot-threats", "record-swot-raw",
                         "record-swot-by", "record-resume-info", "record-resume-download", "record-resume-text",
                         "record-print", "record-close"}) {
    INFO(id);
    CHECK(page.find(std::string("id=\"") + id + "\"") != std::string_view::npos);
  }
  CHECK(page.find("\"/admin/api/candidates?\"") != std::string_view::npos);
  CHECK(page.find("\"/admin/api/candidates/\"") != std::string_view::npos);
  CHECK(page.find("\"/resume\"") != std::string_view::npos);
  CHECK(page.find("@media print") != std::string_view::npos);
}
