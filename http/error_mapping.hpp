#pragma once
// The one place where error kinds become HTTP status codes.
#include "core/result.hpp"

namespace interview::http {

int status_for(ErrorKind kind);

}  // namespace interview::http
