#include "http/json_io.hpp"
#include "http/user_id_input.hpp"
#include "http/routes.hpp"

namespace interview::http {
namespace {

// The answer shape of /interview/start and /interview/respond; `provider` and
// `model` say who answered (a model, the offline interviewer, or the service).
nlohmann::json turn_json(const interview_flow::TurnReply& r) {
  nlohmann::json j{{"user_id", r.user_id},
          {"status", r.status},
          {"queue_number", r.queue_number},
          {"bot_response", r.bot_response},
          {"next_question", r.next_question},
          {"time_remaining", r.time_remaining},
          {"provider", r.provider},
          {"model", r.model}};
  if (r.status == "queue")  // issue 12; null while admissions are paused
    j["estimated_wait_seconds"] = r.estimated_wait_seconds < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.estimated_wait_seconds);
  return j;
}

constexpr std::size_t kMaxAnswerBytes = 20000;

}  // namespace

void add_interview_routes(Router& router, RouteContext& ctx) {
  router.post("/interview/start", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req);
    if (!body) return send_error(res, body.error());
    auto id = user_id_field(*body);
    if (!id) return send_error(res, id.error());
    auto turn = ctx.gateway.start_interview(*id);
    if (!turn) return send_error(res, turn.error());
    send_json(res, 200, turn_json(*turn));
  });

  router.post("/interview/respond", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req);
    if (!body) return send_error(res, body.error());
    auto id = user_id_field(*body);
    if (!id) return send_error(res, id.error());
    // An empty answer is allowed: the frontend sends one to trigger the closing step.
    auto answer = body->find("user_response");
    if (answer == body->end() || !answer->is_string())
      return send_error(res, ErrorKind::unprocessable, "field required: user_response (a string, may be empty)");
    const auto& text = answer->get_ref<const std::string&>();
    if (text.size() > kMaxAnswerBytes)
      return send_error(res, ErrorKind::payload_too_large, "user_response is too long (at most " + std::to_string(kMaxAnswerBytes) + " bytes)");
    auto turn = ctx.gateway.respond(*id, text);
    if (!turn) return send_error(res, turn.error());
    send_json(res, 200, turn_json(*turn));
  });

  router.get("/swot/([^/]+)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto id = checked_user_id(req.matches[1]);
    if (!id) return send_error(res, id.error());
    auto swot = ctx.gateway.swot_json(*id);
    if (!swot) return send_error(res, swot.error());
    send_json(res, 200, {{"user_id", *id}, {"swot_analysis", nlohmann::json::parse(*swot)}, {"found", true}});
  });
}

}  // namespace interview::http
