#include "http/error_mapping.hpp"
#include "http/json_io.hpp"
#include "http/routes.hpp"

namespace interview::http {

void add_service_routes(Router& router, RouteContext& ctx) {
  router.get("/", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200,
              {{"message", "AI Interview Platform API"},
               {"version", ctx.version},
               {"docs", "/openapi.json"},
               {"health", "/health"}});
  });

  // Both dependencies, each by a round trip: the document store ("firestore",
  // whichever store it is; "store" names it) and the resume storage
  // ("storage"; "storage_location" is the bucket or folder it writes to).
  router.get("/health", [&ctx](const httplib::Request&, httplib::Response& res) {
    auto store = ctx.gateway.ping();
    auto files = ctx.gateway.storage_ping();
    if (store && files) {
      send_json(res, 200, {{"firestore", "healthy"}, {"storage", "healthy"}, {"store", *store}, {"storage_location", *files}});
      return;
    }
    std::string detail;
    if (!store) detail = "firestore unhealthy: " + store.error().message;
    if (!files) detail += (detail.empty() ? "" : "; ") + std::string("storage unhealthy: ") + files.error().message;
    send_json(res, status_for(ErrorKind::unavailable), {{"detail", detail}, {"message", detail},
                         {"firestore", store ? "healthy" : "unhealthy"}, {"storage", files ? "healthy" : "unhealthy"}});
  });
}

}  // namespace interview::http
