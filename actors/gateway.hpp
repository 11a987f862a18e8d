#pragma once
// The HTTP layer's door into the actor system: each call sends one request to
// one actor and blocks the calling (HTTP) thread until the reply or the
// deadline. Errors come back as values.
#include <chrono>
#include <memory>

#include "actors/messages.hpp"
#include "actors/errors.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/user_directory.hpp"
#include "core/result.hpp"

namespace interview::actors {

class Gateway {
 public:
  Gateway(caf::actor_system& sys, coordinator_actor coordinator, std::shared_ptr<DirectoryPool> directory,
          std::chrono::milliseconds timeout)
      : sys_(sys), coordinator_(std::move(coordinator)), directory_(std::move(directory)), timeout_(timeout) {}

  Result<std::string> create_user(new_user_msg m) { return ask<std::string>(directory_->next(), create_atom::value, std::move(m)); }
  Result<placement_msg> status(const std::string& id) { return ask<placement_msg>(directory_->next(), status_atom::value, id); }
  Result<std::string> ping() { return ask<std::string>(directory_->next(), ping_atom::value); }
  Result<placement_msg> join(const std::string& id) { return ask<placement_msg>(coordinator_, join_atom::value, id); }
  Result<release_msg> leave(const std::string& id) { return ask<release_msg>(coordinator_, leave_atom::value, id); }

  caf::actor_system& system() { return sys_; }

 private:
  template <class Reply, class Handle, class... Ts>
  Result<Reply> ask(const Handle& target, Ts&&... xs) {
    caf::scoped_actor self{sys_};
    Result<Reply> out = make_error(ErrorKind::internal, "no reply");
    self->request(target, timeout_, std::forward<Ts>(xs)...)
        .receive([&](Reply& r) { out = std::move(r); },
                 [&](caf::error& e) { out = from_caf_error(e); });
    return out;
  }

  caf::actor_system& sys_;
  coordinator_actor coordinator_;
  std::shared_ptr<DirectoryPool> directory_;
  std::chrono::milliseconds timeout_;
};

}  // namespace interview::actors
