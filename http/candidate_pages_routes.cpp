// The candidate pages for the hiring team (issue 14, item 3), behind
// ADMIN_TOKEN like the other operator routes: the list (newest first, by
// status, paged by next_before), one candidate's record, and the kept resume
// file as a download. The parameters are checked here (bad ones: 400, nothing
// read); the reads run on the directory workers.
#include "core/lifecycle/candidate_record.hpp"
#include "http/admin_auth.hpp"
#include "http/json_io.hpp"
#include "http/routes.hpp"
#include "http/user_id_input.hpp"

namespace interview::http {
namespace {

std::optional<std::string> param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

// The page asked for, or a 400 detail naming the parameter.
Result<actors::candidates_msg> page_of(const httplib::Request& req) {
  auto page = lifecycle::parse_candidate_page(param(req, "status"), param(req, "limit"), param(req, "before"));
  if (!page) return page.error();
  actors::candidates_msg m;
  if (page->status) m.status = lifecycle::to_string(*page->status);
  m.limit = page->limit;
  if (page->before) {
    m.has_before = true;
    m.before_micros = page->before->time_since_epoch().count();
  }
  return m;
}

// A JSON read of the pages (never cached: personal data).
void send_record(httplib::Response& res, const Result<std::string>& body) {
  if (!body) return send_error(res, body.error());
  res.set_header("Cache-Control", "no-store");
  res.set_content(*body, "application/json");
}

}  // namespace

void add_candidate_pages_routes(Router& router, RouteContext& ctx) {
  router.get("/admin/api/candidates", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    auto page = page_of(req);
    if (!page) return send_error(res, page.error());
    send_record(res, ctx.gateway.candidates(std::move(*page)));
  });

  router.get("/admin/api/candidates/([^/]+)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    auto id = checked_user_id(req.matches[1]);
    if (!id) return send_error(res, id.error());
    send_record(res, ctx.gateway.candidate(*id));
  });

  router.get("/admin/api/candidates/([^/]+)/resume", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    auto id = checked_user_id(req.matches[1]);
    if (!id) return send_error(res, id.error());
    auto file = ctx.gateway.resume_file(*id);
    if (!file) return send_error(res, file.error());
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    // The name is "resume-<checked id>.<[A-Za-z0-9] extension>": nothing to quote or escape.
    res.set_header("Content-Disposition", "attachment; filename=\"" + file->filename + "\"");
    res.set_content(file->bytes, file->content_type);
  });
}

}  // namespace interview::http
