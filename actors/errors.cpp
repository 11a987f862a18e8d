#include "actors/errors.hpp"

namespace interview::actors {
namespace {
const caf::atom_value kCategory = caf::atom("interview");
}

caf::error to_caf_error(const Error& e) {
  return caf::error(static_cast<uint8_t>(static_cast<int>(e.kind) + 1), kCategory,
                    caf::make_message(e.message, static_cast<int64_t>(e.retry_after.count())));
}

Error from_caf_error(const caf::error& e) {
  if (e.category() == kCategory) {
    Error out{static_cast<ErrorKind>(e.code() - 1), "", {}};
    const auto& ctx = e.context();
    if (ctx.match_elements<std::string, int64_t>()) {
      out.message = ctx.get_as<std::string>(0);
      out.retry_after = std::chrono::milliseconds(ctx.get_as<int64_t>(1));
    }
    return out;
  }
  if (e == caf::sec::request_timeout)
    return make_error(ErrorKind::timeout, "the service did not answer in time");
  return make_error(ErrorKind::unavailable, "service unavailable: " + caf::to_string(e));
}

}  // namespace interview::actors
