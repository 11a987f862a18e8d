#include "http/admin_auth.hpp"
#include "http/json_io.hpp"
#include "http/routes.hpp"
#include "ops/admin_page.hpp"
#include "ops/openapi.hpp"
#include "ops/prometheus.hpp"

namespace interview::http {
namespace {

bool guard(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  return require_admin(req, res, ctx.admin_token);
}

}  // namespace

void add_ops_routes(Router& router, RouteContext& ctx) {
  router.get("/health/live", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "alive"}});
  });
  router.get("/health/ready", [&ctx](const httplib::Request&, httplib::Response& res) {
    auto store = ctx.gateway.ping();
    if (!store) return send_error(res, ErrorKind::unavailable, "store unreachable: " + store.error().message);
    send_json(res, 200, {{"status", "ready"}, {"store", *store}});
  });
  router.get("/stats", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!guard(ctx, req, res)) return;
    send_json(res, 200, ctx.stats());
  });
  router.get("/metrics", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!guard(ctx, req, res)) return;
    res.set_content(ops::render_prometheus(ctx.stats()), "text/plain; version=0.0.4; charset=utf-8");
  });
  router.get("/admin", [](const httplib::Request&, httplib::Response& res) {
    // The page holds no data: it reads /stats with the operator's token.
    std::string_view page = ops::admin_page_html();
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'");
    res.set_content(std::string(page), "text/html; charset=utf-8");
  });
  router.get("/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, ops::openapi_document());
  });
}

}  // namespace interview::http
