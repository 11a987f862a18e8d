#pragma once
// Errors cross actor boundaries as caf::error in the "interview" category;
// anything else CAF reports (request timeout, actor down) maps to a value too.
#include <caf/all.hpp>

#include "core/result.hpp"

namespace interview::actors {

caf::error to_caf_error(const Error& e);
Error from_caf_error(const caf::error& e);

// A handler's reply from a Result: the value, or its error as a caf::error.
template <class T>
caf::result<T> to_caf_result(Result<T>&& r) {
  if (!r) return to_caf_error(r.error());
  return std::move(*r);
}

}  // namespace interview::actors
