#include "actors/interview_registry.hpp"

#include <functional>
#include <unordered_map>
#include <vector>

namespace interview::actors {
namespace {

using interview_flow::TurnReply;

struct Entry {
  interview_actor actor;
  bool passivating = false;  // told to quit; requests wait for its successor
  std::vector<std::function<void(const interview_actor&)>> waiting;
};

struct RegistryState {
  std::unordered_map<std::string, Entry> actors;
  std::unordered_map<caf::actor_addr, std::string> names;
};

using registry_pointer = interview_registry_actor::stateful_pointer<RegistryState>;

Entry& entry_for(registry_pointer self, const InterviewDeps& deps, InterviewRegistryCounters& counters,
                 const std::string& user_id) {
  auto it = self->state.actors.find(user_id);
  if (it != self->state.actors.end()) return it->second;
  auto a = spawn_interview_actor(self->system(), user_id, deps, caf::actor_cast<idle_listener_actor>(self));
  self->monitor(a);
  self->state.names.emplace(a.address(), user_id);
  counters.live++;
  return self->state.actors.emplace(user_id, Entry{a, false, {}}).first->second;
}

// Hands the request to the candidate's actor. While that actor is passivating
// the request waits here and goes to its successor, so no request ever meets
// an actor that is quitting, and two actors of one candidate never run at once.
template <class... Ts>
caf::result<TurnReply> route(registry_pointer self, const InterviewDeps& deps, InterviewRegistryCounters& counters,
                             const std::string& user_id, Ts... xs) {
  counters.requests++;
  auto& e = entry_for(self, deps, counters, user_id);
  if (!e.passivating) return self->delegate(e.actor, xs...);
  auto rp = self->make_response_promise<TurnReply>();
  e.waiting.push_back([rp, xs...](const interview_actor& next) mutable { rp.delegate(next, xs...); });
  return rp;
}

interview_registry_actor::behavior_type registry(registry_pointer self, InterviewDeps deps,
                                                 std::shared_ptr<InterviewRegistryCounters> counters) {
  self->set_down_handler([=](caf::down_msg& down) {
    auto name = self->state.names.find(down.source);
    if (name == self->state.names.end()) return;
    auto user_id = name->second;
    self->state.names.erase(name);
    auto waiting = std::move(self->state.actors[user_id].waiting);
    self->state.actors.erase(user_id);
    counters->live--;
    counters->passivated++;
    if (waiting.empty()) return;
    auto& next = entry_for(self, deps, *counters, user_id);
    for (auto& w : waiting) w(next.actor);
  });
  return {
      [=](start_atom, const std::string& id, const RequestContext& rc) {
        return route(self, deps, *counters, id, start_atom::value, rc);
      },
      [=](respond_atom, const std::string& id, std::string& answer, const RequestContext& rc) {
        return route(self, deps, *counters, id, respond_atom::value, std::move(answer), rc);
      },
      // The janitor's closings serve no request: they log with an empty context.
      [=](finalize_atom, const std::string& id) {
        return route(self, deps, *counters, id, finalize_atom::value, RequestContext{});
      },
      // The actor had nothing to do for a while. Requests already delegated to
      // it are ahead of `passivate` in its mailbox, so it answers them first.
      [=](idle_atom, const std::string& id) {
        auto it = self->state.actors.find(id);
        if (it == self->state.actors.end() || it->second.passivating) return;
        if (it->second.actor.address() != self->current_sender()) return;
        it->second.passivating = true;
        self->send(it->second.actor, passivate_atom::value);
      },
  };
}

}  // namespace

interview_registry_actor spawn_interview_registry(caf::actor_system& sys, InterviewDeps deps,
                                                  std::shared_ptr<InterviewRegistryCounters> counters) {
  return sys.spawn(registry, std::move(deps), std::move(counters));
}

void register_figures(ops::FigureRegistry& figures, std::shared_ptr<const InterviewRegistryCounters> counters) {
  auto c = std::move(counters);
  figures.gauge("interviews.live_actors", "Live interview actors.", [c] { return c->live.load(); })
      .metric("interviews_live_actors");
  figures.counter("interviews.passivated", "Interview actors passivated when idle.", [c] { return c->passivated.load(); })
      .metric("interviews_passivated_total");
  figures.counter("interviews.requests", "Start/respond requests handled by interview actors.",
                  [c] { return c->requests.load(); })
      .metric("interviews_requests_total");
}

}  // namespace interview::actors
