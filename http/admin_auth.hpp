#pragma once
// Who may read /stats and /metrics: a request with `Authorization: Bearer
// <ADMIN_TOKEN>` (compared in constant time); with no token configured, only
// clients on the loopback interface.
#include <httplib.h>

#include <string>

namespace interview::http {

bool admin_allowed(const httplib::Request& req, const std::string& admin_token);
// admin_allowed, or a 401 JSON answer (with WWW-Authenticate) and false: every
// operator route (/stats, /metrics, /admin/api/*) refuses the same way.
bool require_admin(const httplib::Request& req, httplib::Response& res, const std::string& admin_token);

}  // namespace interview::http
