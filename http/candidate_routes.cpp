#include "core/lifecycle/candidate_record.hpp"
#include "http/candidate_form.hpp"
#include "http/json_io.hpp"
#include "http/user_id_input.hpp"
#include "http/routes.hpp"

namespace interview::http {
namespace {

// The wire word ("waiting" for stored "pending", API.md); a waiting
// candidate's reply also carries estimated_wait_seconds (issue 12).
nlohmann::json placement_json(const actors::placement_msg& p) {
  nlohmann::json j{{"user_id", p.user_id}, {"status", lifecycle::wire_status(p.status)}, {"queue_number", p.queue_number}};
  // Negative while admissions are paused: no honest estimate, null.
  if (p.status == "pending")
    j["estimated_wait_seconds"] = p.estimated_wait_seconds < 0 ? nlohmann::json(nullptr) : nlohmann::json(p.estimated_wait_seconds);
  return j;
}

// The user id of a {"user_id": "..."} body.
Result<std::string> user_id_from_body(const httplib::Request& req) {
  auto body = parse_json_object(req);
  if (!body) return body.error();
  return user_id_field(*body);
}

bool permanent(const Error& e) {
  return e.kind == ErrorKind::bad_request || e.kind == ErrorKind::not_found || e.kind == ErrorKind::unprocessable;
}

// Cloud Tasks delivers at least once and retries every non-2xx. Permanent
// outcomes answer 2xx (a failure that will never succeed is recorded as a dead
// letter instead of being retried forever); transient failures answer 5xx so
// the task is retried, and the last attempt's failure is recorded too.
void join_from_cloud_tasks(RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::int64_t retries = 0;
  try {
    retries = std::stoll(req.get_header_value("X-CloudTasks-TaskRetryCount"));
  } catch (const std::exception&) {
  }
  std::string task = req.get_header_value("X-CloudTasks-TaskName");
  auto id = user_id_from_body(req);
  Result<actors::placement_msg> placed = id ? ctx.gateway.join(*id) : Result<actors::placement_msg>(id.error());
  if (placed) return send_json(res, 200, placement_json(*placed));
  const Error& e = placed.error();
  std::string user = id ? *id : std::string();
  bool last_attempt = retries + 1 >= ctx.tasks_max_attempts;
  if (permanent(e) || last_attempt) {
    auto recorded = ctx.gateway.dead_letter({user, e.message, task, retries});
    if (!recorded) return send_error(res, recorded.error());  // transient: let Cloud Tasks retry
  }
  if (!permanent(e)) return send_error(res, e);
  send_json(res, 200, {{"user_id", user}, {"status", "rejected"}, {"queue_number", 0}, {"detail", e.message},
                       {"message", e.message}, {"dead_letter", true}});
}

}  // namespace

void add_candidate_routes(Router& router, RouteContext& ctx) {
  router.post("/users", [&ctx](const httplib::Request& req, httplib::Response& res) {
    // Counted before the form is read: a flood of bad forms costs no resume extraction.
    if (ctx.create_limiter) {
      if (auto wait = ctx.create_limiter->admit(req.remote_addr, CreateLimiter::Clock::now())) {
        Error e = make_error(ErrorKind::too_many_requests,
                             "too many candidates created from this address (at most " +
                                 std::to_string(ctx.create_limiter->per_minute()) + " a minute); retry in " +
                                 std::to_string(wait->count()) + " s");
        e.retry_after = *wait;
        return send_error(res, e);
      }
    }
    auto form = read_candidate_form(req, ctx.resume_limits);
    if (!form) return send_error(res, form.error());
    auto created = ctx.gateway.create_user(std::move(*form));
    if (!created) return send_error(res, created.error());
    // As the old backend: the kept file's path (in the bucket, or under DATA_DIR).
    nlohmann::json path = created->resume_path.empty() ? nlohmann::json(nullptr) : nlohmann::json(created->resume_path);
    send_json(res, 200,
              {{"user_id", created->user_id},
               {"status", "idle"},
               {"queue_number", 0},
               {"resume_path", path},
               {"message", "User created and enqueued for join"}});
  });

  router.post("/users/join", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("X-CloudTasks-TaskName")) return join_from_cloud_tasks(ctx, req, res);
    auto id = user_id_from_body(req);
    if (!id) return send_error(res, id.error());
    auto placed = ctx.gateway.join(*id);
    if (!placed) return send_error(res, placed.error());
    send_json(res, 200, placement_json(*placed));
  });

  router.get("/status/([^/]+)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto id = checked_user_id(req.matches[1]);
    if (!id) return send_error(res, id.error());
    auto status = ctx.gateway.status(*id);
    if (!status) return send_error(res, status.error());
    send_json(res, 200, placement_json(*status));
  });

  router.post("/users/([^/]+)/exit", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto id = checked_user_id(req.matches[1]);
    if (!id) return send_error(res, id.error());
    auto released = ctx.gateway.leave(*id);
    if (!released) return send_error(res, released.error());
    nlohmann::json promoted = released->promoted.empty() ? nlohmann::json(nullptr) : nlohmann::json(released->promoted);
    send_json(res, 200, {{"exited", *id}, {"promoted", promoted}});
  });
}

}  // namespace interview::http
