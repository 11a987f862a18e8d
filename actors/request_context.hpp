#pragma once
// The log context (trace, span, candidate, client address) of the request a
// message serves. The gateway sends the HTTP thread's context along with each
// request; the actor that handles it sets it for the handler's duration, so
// the lines it logs on that request's behalf carry the trace id, and passes it
// on with the requests it makes in turn (coordinator, model workers).
#include <caf/all.hpp>

#include "ops/log_context.hpp"

namespace interview::ops {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, LogContext& x) {
  return f(caf::meta::type_name("log_context"), x.trace, x.span, x.user_id, x.trace_sampled, x.client_ip);
}

}  // namespace interview::ops

namespace interview::actors {

using RequestContext = ops::LogContext;

// The calling thread's context, to send along with a request.
inline RequestContext this_request() { return ops::current_log_context(); }

}  // namespace interview::actors
