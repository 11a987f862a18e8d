#include "actors/interview_actor.hpp"

#include <spdlog/spdlog.h>

#include "actors/errors.hpp"
#include "core/interview/interview_records.hpp"
#include "core/lifecycle/collections.hpp"
#include "core/lifecycle/snapshots.hpp"

namespace interview::actors {
namespace {

using interview_flow::InterviewState;
using interview_flow::Step;
using interview_flow::TurnReply;
using Promise = caf::typed_response_promise<TurnReply>;

// A candidate's state, with their queue position and estimated wait when they are waiting.
struct Loaded {
  InterviewState state;
  std::int64_t position = 0;
  std::int64_t estimate = 0;
};

// The steps of one candidate's interview. Store calls run on the blocking
// pool and model calls on the model pool; each is awaited, so the steps of
// one candidate never interleave.
struct InterviewSteps {
  interview_actor::pointer self;
  std::string user_id;
  InterviewDeps deps;
  // The request being served. Its steps are awaited, so it stays the same
  // until the reply is delivered; continuations log with it.
  RequestContext rc;

  // Runs `work` on the blocking pool, then `then(result)` here; a failed or
  // late job answers the promise with the error.
  template <class Work, class Then>
  void blocking(Promise rp, Work work, Then then) {
    await_blocking(
        self, *deps.blocking, deps.store_deadline, std::move(work),
        [this, then](auto& result) mutable {
          ops::ScopedLogContext scope(rc);
          then(result);
        },
        [rp](caf::error& e) mutable { rp.deliver(e); });
  }

  void load(Promise rp, std::function<void(Loaded&)> then) {
    auto store = deps.store;
    auto id = user_id;
    auto waits = deps.waits;
    blocking(
        rp,
        [store, id, waits]() -> Result<Loaded> {
          auto s = interview_flow::load_state(*store, id);
          if (!s) return s.error();
          Loaded l{std::move(*s), 0, 0};
          if (l.state.status == lifecycle::UserStatus::pending) {
            auto p = lifecycle::queue_position(*store, id);
            if (p) l.position = *p;
            if (waits) l.estimate = waits->estimate(l.position);
          }
          return l;
        },
        [rp, then](Result<Loaded>& l) mutable {
          if (!l) return (void)rp.deliver(to_caf_error(l.error()));
          then(*l);
        });
  }

  // Starts serving a request: keeps its log context for every step, makes
  // its promise, reads the candidate's state, then hands over to `decide`.
  Promise serve(const RequestContext& request, std::function<void(Promise, Loaded&, store::TimePoint)> decide) {
    rc = request;
    ops::ScopedLogContext scope(rc);
    auto rp = self->make_response_promise<TurnReply>();
    load(rp, [rp, decide](Loaded& l) mutable { decide(rp, l, store::now_micros()); });
    return rp;
  }

  // Carries out a decided step; `ask` is what asking the model means for this request.
  template <class Ask>
  void take(Promise rp, Step decision, const Loaded& l, store::TimePoint now, Ask ask) {
    switch (decision) {
      case Step::wait: return (void)rp.deliver(interview_flow::wait_reply(user_id, l.state.status, l.position, l.estimate));
      case Step::replay: return (void)rp.deliver(interview_flow::replay_reply(l.state, now));
      case Step::close: return close(rp, l.state);
      default: return ask();
    }
  }

  // A slot awaiting its start starts now, through the coordinator (one
  // transaction: the clock runs from here); then `then` with the state as started.
  void begin_then(Promise rp, InterviewState s, std::function<void(InterviewState&)> then) {
    if (!s.awaiting_start) return then(s);
    self->request(deps.coordinator, deps.store_deadline, begin_atom::value, user_id)
        .await(
            [=](std::int64_t expiry_micros) mutable {
              ops::ScopedLogContext scope(rc);
              // The slot was reclaimed (a no-show) a moment before: not placed any more.
              if (expiry_micros == 0) return (void)rp.deliver(interview_flow::wait_reply(user_id, lifecycle::UserStatus::idle, 0));
              s.expiry = store::TimePoint(std::chrono::microseconds(expiry_micros));
              s.awaiting_start = false;
              then(s);
            },
            [=](caf::error& e) mutable { rp.deliver(e); });
  }

  // Ask the model, record its turn, answer the promise.
  void ask(Promise rp, InterviewState s, bool opening, const std::string& answer) {
    auto ctx = interview_flow::context_of(s, answer);
    auto done = [=](llm::InterviewTurn& turn) mutable {
      ops::ScopedLogContext scope(rc);
      auto now = store::now_micros();
      auto store = deps.store;
      auto id = user_id;
      auto remaining = interview_flow::seconds_remaining(s, now);
      blocking(
          rp, [store, id, turn, remaining] { return interview_flow::record_turn(*store, id, turn, remaining); },
          [=](Status& st) mutable {
            if (!st) return (void)rp.deliver(to_caf_error(st.error()));
            rp.deliver(interview_flow::turn_reply(s, turn, now));
          });
    };
    auto failed = [=](caf::error& e) mutable {
      ops::ScopedLogContext scope(rc);
      auto err = from_caf_error(e);
      spdlog::warn("interview {}: model call failed: {}", user_id, err.message);
      // Never a made-up reply: the route answers 503; the answer stays recorded.
      if (err.kind != ErrorKind::unprocessable) err.kind = ErrorKind::unavailable;
      err.message = "the interviewer model is unavailable right now, please retry: " + err.message;
      rp.deliver(to_caf_error(err));
    };
    if (opening)
      self->request(deps.llm->pick(), deps.model_deadline, opening_atom::value, ctx, rc).await(done, failed);
    else
      self->request(deps.llm->pick(), deps.model_deadline, turn_atom::value, ctx, rc).await(done, failed);
  }

  // The answer is recorded before the model is asked: if the model then
  // fails it is not lost, and a resend of the same answer is not recorded twice.
  void record_then_ask(Promise rp, InterviewState s, const std::string& answer) {
    if (interview_flow::answer_already_recorded(s, answer)) return ask(rp, std::move(s), false, answer);
    auto store = deps.store;
    auto id = user_id;
    auto question = s.next_question;
    blocking(
        rp, [store, id, answer, question] { return interview_flow::record_answer(*store, id, answer, question); },
        [=](Status& st) mutable {
          if (!st) return (void)rp.deliver(to_caf_error(st.error()));
          s.history.push_back({"user", answer, s.next_question});
          ask(rp, s, false, answer);
        });
  }

  // The closing step: end the session through the coordinator (promoting the
  // next candidate), make sure a SWOT exists, answer with the closing text.
  void close(Promise rp, const InterviewState& s) {
    if (s.expiry) {
      self->request(deps.coordinator, deps.model_deadline, expire_atom::value, user_id)
          .await(
              [=](const release_msg&) mutable {
                ops::ScopedLogContext scope(rc);
                ensure_swot(rp);
              },
              [=](caf::error& e) mutable { rp.deliver(e); });
      return;
    }
    ensure_swot(rp);
  }

  // Claims the SWOT (one instance makes it) and reads what the model needs.
  struct Claim {
    interview_flow::SwotClaim claim = interview_flow::SwotClaim::done;
    std::optional<InterviewState> state;
  };

  void ensure_swot(Promise rp) {
    auto store = deps.store;
    auto id = user_id;
    auto stale = deps.swot_claim_stale;
    blocking(
        rp,
        [store, id, stale]() -> Result<Claim> {
          auto claim = interview_flow::claim_swot(*store, id, stale);
          if (!claim) return claim.error();
          if (*claim != interview_flow::SwotClaim::claimed) return Claim{*claim, std::nullopt};
          auto state = interview_flow::load_state(*store, id);
          if (!state) {
            interview_flow::release_swot(*store, id);
            return state.error();
          }
          return Claim{*claim, std::move(*state)};
        },
        [=](Result<Claim>& c) mutable {
          if (!c) return (void)rp.deliver(to_caf_error(c.error()));
          if (!c->state)
            return (void)rp.deliver(interview_flow::closing_reply(user_id, c->claim == interview_flow::SwotClaim::done));
          make_swot(rp, *c->state);
        });
  }

  void make_swot(Promise rp, const InterviewState& s) {
    auto store = deps.store;
    auto id = user_id;
    self->request(deps.llm->pick(), deps.model_deadline, swot_atom::value, interview_flow::context_of(s, ""), rc)
        .await(
            [=](llm::SwotAnalysis& swot) mutable {
              ops::ScopedLogContext scope(rc);
              blocking(
                  rp,
                  [store, id, swot] {
                    auto st = interview_flow::save_swot(*store, id, swot);
                    if (!st) spdlog::warn("interview {}: cannot save SWOT: {}", id, st.error().message);
                    return st.ok();
                  },
                  [=](bool saved) mutable { rp.deliver(interview_flow::closing_reply(id, saved)); });
            },
            [=](caf::error& e) mutable {
              ops::ScopedLogContext scope(rc);
              // The session still ends; the janitor makes the SWOT later.
              spdlog::warn("interview {}: SWOT generation failed: {}", id, from_caf_error(e).message);
              blocking(
                  rp, [store, id] { return interview_flow::release_swot(*store, id).ok(); },
                  [=](bool) mutable { rp.deliver(interview_flow::closing_reply(id, false)); });
            });
  }
};

interview_actor::behavior_type interview_behavior(interview_actor::pointer self, std::string user_id,
                                                  InterviewDeps deps, idle_listener_actor registry) {
  auto step = std::make_shared<InterviewSteps>(InterviewSteps{self, user_id, deps, {}});
  return {
      [=](start_atom, const RequestContext& rc) -> caf::result<TurnReply> {
        return step->serve(rc, [=](Promise rp, Loaded& l, store::TimePoint now) {
          step->take(rp, interview_flow::decide_start(l.state, now), l, now, [&] {
            step->begin_then(rp, l.state, [step, rp](InterviewState& s) { step->ask(rp, s, true, ""); });
          });
        });
      },
      [=](respond_atom, const std::string& answer, const RequestContext& rc) -> caf::result<TurnReply> {
        return step->serve(rc, [=](Promise rp, Loaded& l, store::TimePoint now) {
          step->take(rp, interview_flow::decide_respond(l.state, answer, now), l, now,
                     [&] {
                       step->begin_then(rp, l.state,
                                        [step, rp, answer](InterviewState& s) { step->record_then_ask(rp, s, answer); });
                     });
        });
      },
      [=](finalize_atom, const RequestContext& rc) -> caf::result<TurnReply> {
        return step->serve(rc, [=](Promise rp, Loaded& l, store::TimePoint now) {
          step->take(rp, interview_flow::session_finished(l.state, now) ? Step::close : Step::replay, l, now, [] {});
        });
      },
      [=](passivate_atom) { self->quit(); },
      // Idle: the registry decides when this actor goes (see interview_registry.hpp).
      caf::after(deps.idle_timeout) >> [=] { self->send(registry, idle_atom::value, user_id); },
  };
}

}  // namespace

interview_actor spawn_interview_actor(caf::actor_system& sys, std::string user_id, InterviewDeps deps,
                                      idle_listener_actor registry) {
  return sys.spawn(interview_behavior, std::move(user_id), std::move(deps), std::move(registry));
}

}  // namespace interview::actors
