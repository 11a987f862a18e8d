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

// The page's placeholder for the catalog, replaced by JSON that cannot end
// the <script> element it sits in.
std::string with_catalog(std::string_view page, const nlohmann::json& catalog) {
  std::string json = catalog.dump();
  std::string safe;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '<') safe += "\\u003c";
    else safe += json[i];
  }
  std::string out(page);
  static const std::string placeholder = "\"@FIGURES_CATALOG@\"";
  if (auto at = out.find(placeholder); at != std::string::npos) out.replace(at, placeholder.size(), safe);
  return out;
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
    send_json(res, 200, ctx.figures->collect());
  });
  router.get("/metrics", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!guard(ctx, req, res)) return;
    res.set_content(ops::render_prometheus(ctx.figures->catalog(), ctx.figures->collect()),
                    ops::prometheus_content_type);
  });
  router.get("/admin", [&ctx](const httplib::Request&, httplib::Response& res) {
    // The page holds no data: it reads /stats with the operator's token. It
    // lays the figures out from the registry's catalog, embedded here.
    std::string page = with_catalog(ops::admin_page_html(), ops::dashboard_catalog(ctx.figures->catalog()));
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'");
    res.set_content(page, "text/html; charset=utf-8");
  });
  router.get("/openapi.json", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, ops::with_stats_schema(ops::openapi_document(), ctx.figures->catalog()));
  });
}

}  // namespace interview::http
