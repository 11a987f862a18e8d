#include "actors/janitor.hpp"

#include <spdlog/spdlog.h>

#include "core/interview/interview_records.hpp"
#include "core/lifecycle/collections.hpp"

namespace interview::actors {
namespace {

constexpr int kBatch = 100;  // expired sessions handled per tick

janitor_actor::behavior_type janitor(janitor_actor::pointer self,
                                     std::shared_ptr<store::DocumentStore> store,
                                     coordinator_actor coordinator, interview_registry_actor interviews,
                                     std::chrono::seconds interval) {
  auto finalize = [=](const std::string& id) {
    self->request(interviews, caf::infinite, finalize_atom::value, id)
        .then([](const interview_flow::TurnReply& r) { spdlog::info("janitor: closed the interview of {}", r.user_id); },
              [id](const caf::error& e) { spdlog::warn("janitor: closing {} failed: {}", id, caf::to_string(e)); });
  };
  self->delayed_send(self, interval, tick_atom::value);
  return {
      [=](tick_atom) {
        auto now = store::now_micros();
        auto expired = store->query(store::Query(lifecycle::kInSession)
                                        .where("expiry_time", store::Op::le, store::timestamp_value(now))
                                        .order("expiry_time")
                                        .take(kBatch));
        if (!expired) {
          spdlog::warn("janitor: cannot list sessions: {}", expired.error().message);
        } else {
          for (const auto& s : *expired) finalize(s.id);
        }
        auto owed = store->query(interview_flow::swot_owed_query(kBatch));
        if (owed)
          for (const auto& u : *owed) finalize(u.id);
        self->request(coordinator, caf::infinite, fill_atom::value)
            .then([](const std::vector<std::string>&) {},
                  [](const caf::error& e) { spdlog::warn("janitor: fill failed: {}", caf::to_string(e)); });
        self->delayed_send(self, interval, tick_atom::value);
      },
  };
}

}  // namespace

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, interview_registry_actor interviews,
                            std::chrono::seconds interval) {
  return sys.spawn<caf::detached>(janitor, std::move(store), std::move(coordinator), std::move(interviews),
                                  interval);
}

}  // namespace interview::actors
