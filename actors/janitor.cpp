#include "actors/janitor.hpp"

#include <spdlog/spdlog.h>

#include "core/lifecycle/collections.hpp"

namespace interview::actors {
namespace {

constexpr int kBatch = 100;  // expired sessions handled per tick

janitor_actor::behavior_type janitor(janitor_actor::pointer self,
                                     std::shared_ptr<store::DocumentStore> store,
                                     coordinator_actor coordinator, std::chrono::seconds interval) {
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
          for (const auto& s : *expired)
            self->request(coordinator, caf::infinite, expire_atom::value, s.id)
                .then([](const release_msg& r) {
                  if (r.ended) spdlog::info("janitor: session of {} expired", r.user_id);
                },
                      [](const caf::error& e) { spdlog::warn("janitor: expiry failed: {}", caf::to_string(e)); });
        }
        self->request(coordinator, caf::infinite, fill_atom::value)
            .then([](const std::vector<std::string>&) {},
                  [](const caf::error& e) { spdlog::warn("janitor: fill failed: {}", caf::to_string(e)); });
        self->delayed_send(self, interval, tick_atom::value);
      },
  };
}

}  // namespace

janitor_actor spawn_janitor(caf::actor_system& sys, std::shared_ptr<store::DocumentStore> store,
                            coordinator_actor coordinator, std::chrono::seconds interval) {
  return sys.spawn<caf::detached>(janitor, std::move(store), std::move(coordinator), interval);
}

}  // namespace interview::actors
