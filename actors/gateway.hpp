#pragma once
// The HTTP layer's door into the actor system: each call sends one request to
// one actor and blocks the calling (HTTP) thread until the reply or the
// deadline. Errors come back as values.
#include <chrono>
#include <memory>

#include "actors/blocking_ask.hpp"
#include "actors/messages.hpp"
#include "actors/errors.hpp"
#include "actors/interview_registry.hpp"
#include "actors/session_coordinator.hpp"
#include "actors/user_directory.hpp"
#include "core/result.hpp"

namespace interview::actors {

class Gateway {
 public:
  Gateway(caf::actor_system& sys, coordinator_actor coordinator, std::shared_ptr<DirectoryPool> directory,
          interview_registry_actor interviews, std::chrono::milliseconds timeout,
          std::chrono::milliseconds interview_timeout)
      : sys_(sys), coordinator_(std::move(coordinator)), directory_(std::move(directory)),
        interviews_(std::move(interviews)), timeout_(timeout), interview_timeout_(interview_timeout) {}

  Result<created_msg> create_user(new_user_msg m) { return ask<created_msg>(directory_->next(), create_atom::value, std::move(m), this_request()); }
  Result<placement_msg> status(const std::string& id) { return ask<placement_msg>(directory_->next(), status_atom::value, id); }
  Result<std::vector<std::int64_t>> slot_counts() {
    return ask<std::vector<std::int64_t>>(directory_->next(), slots_atom::value);
  }
  Result<std::string> ping() { return ask<std::string>(directory_->next(), ping_atom::value); }
  Result<std::string> storage_ping() { return ask<std::string>(directory_->next(), storage_ping_atom::value); }
  // A candidate already waiting or in session (the frontend and Cloud Tasks
  // both join) is answered by a directory worker from reads; anyone else by
  // the coordinator's join transaction.
  Result<placement_msg> join(const std::string& id) {
    auto placed = ask<placement_msg>(directory_->next(), placed_atom::value, id);
    if (placed && !placed->status.empty()) return placed;
    return ask<placement_msg>(coordinator_, join_atom::value, id, this_request());
  }
  Result<release_msg> leave(const std::string& id) {
    return ask<release_msg>(coordinator_, leave_atom::value, id, this_request());
  }

  // Operator controls (/admin/api): an action is one coordinator transaction with its audit entry.
  Result<admission_msg> admin(admin_msg m) {
    return ask<admission_msg>(coordinator_, admin_atom::value, std::move(m), this_request());
  }
  Result<admission_msg> admission() { return ask<admission_msg>(coordinator_, admission_atom::value); }
  Result<std::string> audit(std::int64_t newest) { return ask<std::string>(coordinator_, audit_atom::value, newest); }
  // Runs the closing step of a session that has ended (the SWOT owed) without
  // waiting for it, as the janitor does when time runs out; if it fails, the
  // janitor's next tick makes the SWOT.
  void close_in_background(const std::string& id) { caf::anon_send(interviews_, finalize_atom::value, id); }

  Result<std::string> dead_letter(dead_letter_msg m) {
    return ask<std::string>(directory_->next(), dead_letter_atom::value, std::move(m), this_request());
  }
  Result<std::string> swot_json(const std::string& id) { return ask<std::string>(directory_->next(), swot_read_atom::value, id); }
  // The candidate pages for the hiring team (directory workers): a page of the
  // list and one record as JSON text, and the kept resume file.
  Result<std::string> candidates(candidates_msg m) {
    return ask<std::string>(directory_->next(), candidates_atom::value, std::move(m));
  }
  Result<std::string> candidate(const std::string& id) { return ask<std::string>(directory_->next(), candidate_atom::value, id); }
  Result<resume_file_msg> resume_file(const std::string& id) {
    return ask<resume_file_msg>(directory_->next(), resume_file_atom::value, id);
  }
  Result<interview_flow::TurnReply> start_interview(const std::string& id) {
    return ask_with<interview_flow::TurnReply>(interviews_, interview_timeout_, start_atom::value, id, this_request());
  }
  Result<interview_flow::TurnReply> respond(const std::string& id, const std::string& answer) {
    return ask_with<interview_flow::TurnReply>(interviews_, interview_timeout_, respond_atom::value, id, answer,
                                              this_request());
  }

 private:
  template <class Reply, class Handle, class... Ts>
  Result<Reply> ask(const Handle& target, Ts&&... xs) {
    return ask_with<Reply>(target, timeout_, std::forward<Ts>(xs)...);
  }

  template <class Reply, class Handle, class... Ts>
  Result<Reply> ask_with(const Handle& target, std::chrono::milliseconds timeout, Ts&&... xs) {
    return blocking_ask<Reply>(sys_, target, timeout, std::forward<Ts>(xs)...);
  }

  caf::actor_system& sys_;
  coordinator_actor coordinator_;
  std::shared_ptr<DirectoryPool> directory_;
  interview_registry_actor interviews_;
  std::chrono::milliseconds timeout_;
  std::chrono::milliseconds interview_timeout_;
};

}  // namespace interview::actors
