#pragma once
// The public routes of shared/API.md, one file per group.
#include <functional>

#include <nlohmann/json.hpp>

#include "actors/gateway.hpp"
#include "core/storage/file_storage.hpp"
#include "http/create_limiter.hpp"
#include "resume/resume_text.hpp"
#include "http/router.hpp"
#include "ops/figures.hpp"

namespace interview::http {

struct RouteContext {
  actors::Gateway& gateway;
  std::string version;
  resume::Limits resume_limits;
  int tasks_max_attempts = 5;  // Cloud Tasks' last attempt records a dead letter
  std::string admin_token;     // empty: operator routes answer loopback clients only
  std::shared_ptr<const ops::FigureRegistry> figures;  // /stats, /metrics, /admin, the /stats schema
  std::shared_ptr<CreateLimiter> create_limiter;  // POST /users/ per client address; null: no limit
  std::shared_ptr<storage::FileStorage> resumes;   // the kept resume files (/health, the candidate pages)
};

// GET /, GET /health
void add_service_routes(Router& router, RouteContext& ctx);
// POST /users/, POST /users/join, GET /status/{id}, POST /users/{id}/exit
void add_candidate_routes(Router& router, RouteContext& ctx);
// POST /interview/start, POST /interview/respond, GET /swot/{id}
void add_interview_routes(Router& router, RouteContext& ctx);
// POST /admin/api/pause, /admin/api/resume, PUT /admin/api/slots,
// POST /admin/api/sessions/{id}/end, DELETE /admin/api/queue/{id},
// GET /admin/api/audit, GET /admin/api/admission (operator controls)
void add_admin_routes(Router& router, RouteContext& ctx);
// GET /admin/api/candidates, /admin/api/candidates/{id}, /admin/api/candidates/{id}/resume
// (the candidate pages for the hiring team, behind ADMIN_TOKEN)
void add_candidate_pages_routes(Router& router, RouteContext& ctx);
// GET /health/live, /health/ready, /stats, /metrics, /admin, /openapi.json
void add_ops_routes(Router& router, RouteContext& ctx);

}  // namespace interview::http
