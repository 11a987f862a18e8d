#include "ops/log_context.hpp"

#include <utility>

namespace interview::ops {
namespace {
thread_local LogContext t_context;
}

const LogContext& current_log_context() { return t_context; }

LogContext make_log_context(const std::optional<TraceContext>& trace, std::string user_id) {
  LogContext c;
  if (trace) {
    c.trace = trace->trace_id;
    c.span = trace->span_id;
    c.trace_sampled = trace->sampled;
  }
  c.user_id = std::move(user_id);
  return c;
}

void set_log_user(std::string user_id) { t_context.user_id = std::move(user_id); }

ScopedLogContext::ScopedLogContext(LogContext context) : previous_(std::exchange(t_context, std::move(context))) {}

ScopedLogContext::~ScopedLogContext() { t_context = std::move(previous_); }

}  // namespace interview::ops
