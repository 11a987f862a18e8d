#pragma once
// Runs untrusted-input parsing in a forked child process: the parent waits
// at most until the deadline, then SIGKILLs it. A crash or an endless loop
// in a third-party parser (poppler) becomes a 422 instead of a dead or stuck
// server thread.
#include <cstddef>
#include <functional>
#include <string>

#include "resume/deadline.hpp"
#include "core/result.hpp"

namespace interview::resume::detail {

// `work` runs in the child, where only the calling thread exists (so it must
// not need locks other threads may have held at fork time: the parent never
// calls poppler itself). Its result comes back over a pipe. A failed fork()
// is `unavailable` (503, retry later). `memory_limit` caps how much address space the
// child may add to what it inherited (skipped under AddressSanitizer, which
// reserves terabytes of shadow).
// `what` names the input in error messages ("PDF").
Result<std::string> run_isolated(const std::function<Result<std::string>()>& work, const Deadline& deadline,
                                 std::size_t memory_limit, const char* what);

}  // namespace interview::resume::detail
