// Operator controls (issue 12, item 6), behind ADMIN_TOKEN like /stats: each
// action is one coordinator transaction that also writes an audit entry with
// the client address (req.remote_addr is already the client behind our proxies).
#include "core/lifecycle/admission.hpp"
#include "http/admin_auth.hpp"
#include "http/json_io.hpp"
#include "http/routes.hpp"
#include "http/user_id_input.hpp"

namespace interview::http {
namespace {

constexpr std::int64_t kMaxLimit = lifecycle::kMaxSessionLimit;  // the SESSION_LIMIT range

nlohmann::json admission_json(const actors::admission_msg& a) {
  nlohmann::json j = {{"paused", a.paused},
                      {"session_limit", a.session_limit},
                      {"configured_session_limit", a.configured_limit},
                      {"live_limit_set", a.live_limit_set}};
  if (a.sessions_in_use >= 0) j["sessions_in_use"] = a.sessions_in_use;
  if (!a.audit_id.empty()) {
    j["promoted"] = a.promoted;
    j["audit_id"] = a.audit_id;
  }
  return j;
}

actors::admin_msg action(const std::string& name, const httplib::Request& req, std::string user_id = {},
                         std::int64_t limit = 0) {
  return {name, std::move(user_id), limit, req.remote_addr};
}

// {"limit": n} with n a whole JSON number from 1 to kMaxLimit (not 2.5, "3" or true).
Result<std::int64_t> limit_of(const httplib::Request& req) {
  auto body = parse_json_object(req);
  if (!body) return body.error();
  auto it = body->find("limit");
  if (it == body->end() || it->is_null()) return make_error(ErrorKind::unprocessable, "field required: limit");
  auto refuse = make_error(ErrorKind::unprocessable, "limit must be a whole number from 1 to " + std::to_string(kMaxLimit));
  if (it->is_number_unsigned()) {
    auto n = it->get<std::uint64_t>();
    if (n < 1 || n > static_cast<std::uint64_t>(kMaxLimit)) return refuse;
    return static_cast<std::int64_t>(n);
  }
  if (!it->is_number_integer()) return refuse;
  auto n = it->get<std::int64_t>();
  if (n < 1 || n > kMaxLimit) return refuse;
  return n;
}

}  // namespace

void add_admin_routes(Router& router, RouteContext& ctx) {
  auto settings_action = [&ctx](const char* name) {
    return [&ctx, name](const httplib::Request& req, httplib::Response& res) {
      if (!require_admin(req, res, ctx.admin_token)) return;
      auto done = ctx.gateway.admin(action(name, req));
      if (!done) return send_error(res, done.error());
      send_json(res, 200, admission_json(*done));
    };
  };
  router.post("/admin/api/pause", settings_action("pause"));
  router.post("/admin/api/resume", settings_action("resume"));

  router.put("/admin/api/slots", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    auto limit = limit_of(req);
    if (!limit) return send_error(res, limit.error());
    auto done = ctx.gateway.admin(action("set_slots", req, {}, *limit));
    if (!done) return send_error(res, done.error());
    send_json(res, 200, admission_json(*done));
  });

  // An action on one candidate: the reply names them under `key`.
  auto candidate_action = [&ctx](const char* name, const char* key, bool close_after) {
    return [&ctx, name, key, close_after](const httplib::Request& req, httplib::Response& res) {
      if (!require_admin(req, res, ctx.admin_token)) return;
      auto id = checked_user_id(req.matches[1]);
      if (!id) return send_error(res, id.error());
      auto done = ctx.gateway.admin(action(name, req, *id));
      if (!done) return send_error(res, done.error());
      // An ended session is over in the store (SWOT owed); the closing step makes the SWOT.
      if (close_after) ctx.gateway.close_in_background(*id);
      auto body = admission_json(*done);
      body[key] = *id;
      send_json(res, 200, body);
    };
  };
  router.post("/admin/api/sessions/([^/]+)/end", candidate_action("end_session", "ended", true));
  router.del("/admin/api/queue/([^/]+)", candidate_action("remove_from_queue", "removed", false));

  router.get("/admin/api/admission", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    auto now = ctx.gateway.admission();
    if (!now) return send_error(res, now.error());
    send_json(res, 200, admission_json(*now));
  });

  router.get("/admin/api/audit", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!require_admin(req, res, ctx.admin_token)) return;
    std::int64_t newest = 100;
    if (req.has_param("limit")) {
      const std::string text = req.get_param_value("limit");
      bool digits = !text.empty() && text.size() <= 4 && text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoll(text) < 1 || std::stoll(text) > 1000)
        return send_error(res, ErrorKind::bad_request, "limit must be a whole number from 1 to 1000");
      newest = std::stoll(text);
    }
    auto entries = ctx.gateway.audit(newest);
    if (!entries) return send_error(res, entries.error());
    send_json(res, 200, {{"entries", nlohmann::json::parse(*entries)}});
  });
}

}  // namespace interview::http
