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

  router.get("/health", [&ctx](const httplib::Request&, httplib::Response& res) {
    auto store = ctx.gateway.ping();
    if (!store) {
      std::string detail = "firestore unhealthy: " + store.error().message;
      send_json(res, status_for(ErrorKind::unavailable), {{"detail", detail}, {"message", detail},
                           {"firestore", "unhealthy"}, {"storage", "healthy"}});
      return;
    }
    // "firestore" is the document store's health whichever store it is.
    send_json(res, 200, {{"firestore", "healthy"}, {"storage", "healthy"}, {"store", *store}});
  });
}

}  // namespace interview::http
