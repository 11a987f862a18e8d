#include "actors/interview_registry.hpp"

#include <unordered_map>

namespace interview::actors {
namespace {

struct RegistryState {
  std::unordered_map<std::string, interview_actor> actors;
  std::unordered_map<caf::actor_addr, std::string> names;
};

interview_registry_actor::behavior_type registry(
    interview_registry_actor::stateful_pointer<RegistryState> self, InterviewDeps deps,
    std::shared_ptr<InterviewRegistryCounters> counters) {
  self->set_down_handler([=](caf::down_msg& down) {
    auto it = self->state.names.find(down.source);
    if (it == self->state.names.end()) return;
    self->state.actors.erase(it->second);
    self->state.names.erase(it);
    counters->live--;
    counters->passivated++;
  });
  auto actor_for = [=](const std::string& user_id) -> interview_actor {
    counters->requests++;
    auto it = self->state.actors.find(user_id);
    if (it != self->state.actors.end()) return it->second;
    auto a = spawn_interview_actor(self->system(), user_id, deps);
    self->monitor(a);
    self->state.actors.emplace(user_id, a);
    self->state.names.emplace(a.address(), user_id);
    counters->live++;
    return a;
  };
  return {
      [=](start_atom, const std::string& id) {
        return self->delegate(actor_for(id), start_atom::value);
      },
      [=](respond_atom, const std::string& id, std::string& answer) {
        return self->delegate(actor_for(id), respond_atom::value, std::move(answer));
      },
      [=](finalize_atom, const std::string& id) {
        return self->delegate(actor_for(id), finalize_atom::value);
      },
  };
}

}  // namespace

interview_registry_actor spawn_interview_registry(caf::actor_system& sys, InterviewDeps deps,
                                                  std::shared_ptr<InterviewRegistryCounters> counters) {
  return sys.spawn(registry, std::move(deps), std::move(counters));
}

}  // namespace interview::actors
