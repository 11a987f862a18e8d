#include "actors/interview_actor.hpp"

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "core/interview/interview_records.hpp"
#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/snapshots.hpp"

namespace interview::actors {
namespace {

using interview_flow::Step;
using interview_flow::TurnReply;
using Promise = caf::typed_response_promise<TurnReply>;

// The steps of one candidate's interview that wait on other actors.
struct InterviewSteps {
  interview_actor::pointer self;
  std::string user_id;
  InterviewDeps deps;

  TurnReply wait(const interview_flow::InterviewState& s) {
    std::int64_t pos = 0;
    if (s.status == lifecycle::UserStatus::pending) {
      auto p = lifecycle::queue_position(*deps.store, user_id);
      if (p) pos = *p;
    }
    return interview_flow::wait_reply(user_id, s.status, pos);
  }

  // Ask the model, record its turn, answer the promise.
  void ask(Promise rp, interview_flow::InterviewState s, bool opening, const std::string& answer) {
    auto ctx = interview_flow::context_of(s, answer);
    auto done = [=](llm::InterviewTurn& turn) mutable {
      auto now = store::now_micros();
      auto st = interview_flow::record_turn(*deps.store, user_id, turn, interview_flow::seconds_remaining(s, now));
      if (!st) {
        rp.deliver(to_caf_error(st.error()));
        return;
      }
      rp.deliver(interview_flow::turn_reply(s, turn, now));
    };
    auto failed = [=](caf::error& e) mutable {
      auto err = from_caf_error(e);
      spdlog::warn("interview {}: model call failed: {}", user_id, err.message);
      // Never a made-up reply: the route answers 503; the answer stays recorded.
      if (err.kind != ErrorKind::unprocessable) err.kind = ErrorKind::unavailable;
      err.message = "the interviewer model is unavailable right now, please retry: " + err.message;
      rp.deliver(to_caf_error(err));
    };
    if (opening)
      self->request(deps.llm->pick(), deps.model_deadline, opening_atom::value, ctx).await(done, failed);
    else
      self->request(deps.llm->pick(), deps.model_deadline, turn_atom::value, ctx).await(done, failed);
  }

  // The closing step: end the session through the coordinator (promoting the
  // next candidate), make sure a SWOT exists, answer with the closing text.
  void close(Promise rp, const interview_flow::InterviewState& s) {
    if (s.expiry) {
      self->request(deps.coordinator, deps.model_deadline, expire_atom::value, user_id)
          .await([=](const release_msg&) mutable { ensure_swot(rp); },
                 [=](caf::error& e) mutable { rp.deliver(e); });
      return;
    }
    ensure_swot(rp);
  }

  void ensure_swot(Promise rp) {
    auto claim = interview_flow::claim_swot(*deps.store, user_id, deps.swot_claim_stale);
    if (!claim) {
      rp.deliver(to_caf_error(claim.error()));
      return;
    }
    if (*claim != interview_flow::SwotClaim::claimed) {
      rp.deliver(interview_flow::closing_reply(user_id, *claim == interview_flow::SwotClaim::done));
      return;
    }
    auto state = interview_flow::load_state(*deps.store, user_id);
    if (!state) {
      interview_flow::release_swot(*deps.store, user_id);
      rp.deliver(to_caf_error(state.error()));
      return;
    }
    self->request(deps.llm->pick(), deps.model_deadline, swot_atom::value, interview_flow::context_of(*state, ""))
        .await(
            [=](llm::SwotAnalysis& swot) mutable {
              auto st = interview_flow::save_swot(*deps.store, user_id, swot);
              if (!st) spdlog::warn("interview {}: cannot save SWOT: {}", user_id, st.error().message);
              rp.deliver(interview_flow::closing_reply(user_id, st.ok()));
            },
            [=](caf::error& e) mutable {
              // The session still ends; the janitor makes the SWOT later.
              spdlog::warn("interview {}: SWOT generation failed: {}", user_id, from_caf_error(e).message);
              interview_flow::release_swot(*deps.store, user_id);
              rp.deliver(interview_flow::closing_reply(user_id, false));
            });
  }
};

interview_actor::behavior_type interview_behavior(interview_actor::pointer self, std::string user_id,
                                                  InterviewDeps deps) {
  auto step = std::make_shared<InterviewSteps>(InterviewSteps{self, user_id, deps});
  auto load = [=]() { return interview_flow::load_state(*deps.store, user_id); };
  return {
      [=](start_atom) -> caf::result<TurnReply> {
        auto s = load();
        if (!s) return to_caf_error(s.error());
        auto now = store::now_micros();
        switch (interview_flow::decide_start(*s, now)) {
          case Step::wait: return step->wait(*s);
          case Step::replay: return interview_flow::replay_reply(*s, now);
          case Step::close: {
            auto rp = self->make_response_promise<TurnReply>();
            step->close(rp, *s);
            return rp;
          }
          default: {
            auto rp = self->make_response_promise<TurnReply>();
            step->ask(rp, *s, true, "");
            return rp;
          }
        }
      },
      [=](respond_atom, const std::string& answer) -> caf::result<TurnReply> {
        auto s = load();
        if (!s) return to_caf_error(s.error());
        auto now = store::now_micros();
        auto decision = interview_flow::decide_respond(*s, answer, now);
        if (decision == Step::wait) return step->wait(*s);
        if (decision == Step::replay) return interview_flow::replay_reply(*s, now);
        auto rp = self->make_response_promise<TurnReply>();
        if (decision == Step::close) {
          step->close(rp, *s);
          return rp;
        }
        // Record the answer first: if the model then fails, it is not lost,
        // and a resend of the same answer is not recorded twice.
        if (!interview_flow::answer_already_recorded(*s, answer)) {
          auto st = interview_flow::record_answer(*deps.store, user_id, answer, s->next_question);
          if (!st) return to_caf_error(st.error());
          s->history.push_back({"user", answer, s->next_question});
        }
        step->ask(rp, *s, false, answer);
        return rp;
      },
      [=](finalize_atom) -> caf::result<TurnReply> {
        auto s = load();
        if (!s) return to_caf_error(s.error());
        auto now = store::now_micros();
        if (!interview_flow::session_finished(*s, now)) return interview_flow::replay_reply(*s, now);
        auto rp = self->make_response_promise<TurnReply>();
        step->close(rp, *s);
        return rp;
      },
      caf::after(deps.idle_timeout) >> [=] { self->quit(); },
  };
}

}  // namespace

interview_actor spawn_interview_actor(caf::actor_system& sys, std::string user_id, InterviewDeps deps) {
  return sys.spawn<caf::detached>(interview_behavior, std::move(user_id), std::move(deps));
}

}  // namespace interview::actors
