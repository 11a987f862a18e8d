#pragma once
// Per-thread log context (trace, span, user) that every log line of the
// current thread carries until the scope ends.
#include <optional>
#include <string>

#include "ops/trace_context.hpp"

namespace interview::ops {

struct LogContext {
  std::string trace;    // 32 hex trace id
  std::string span;     // 16 hex span id
  std::string user_id;
  bool trace_sampled = false;
  std::string client_ip;  // the client's address (behind our proxies too)
};

// The calling thread's context (empty when none is set).
const LogContext& current_log_context();

// Builds a context from a parsed trace (see parse_trace) and a user id.
LogContext make_log_context(const std::optional<TraceContext>& trace, std::string user_id = {});

// Names the candidate on the current thread's context (until the enclosing
// ScopedLogContext ends): the request's later log lines carry user_id.
void set_log_user(std::string user_id);

// Sets the context for the current thread and restores the previous one on
// destruction. Thread-local: an HTTP handler thread sets it for its request;
// an actor that logs on behalf of a request must set it in its own handler,
// since CAF runs the actor on another thread.
class ScopedLogContext {
 public:
  explicit ScopedLogContext(LogContext context);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;

 private:
  LogContext previous_;
};

}  // namespace interview::ops
