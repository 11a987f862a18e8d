#pragma once
// Errors cross actor boundaries as caf::error in the "interview" category;
// anything else CAF reports (request timeout, actor down) maps to a value too.
#include <caf/all.hpp>

#include "core/result.hpp"

namespace interview::actors {

caf::error to_caf_error(const Error& e);
Error from_caf_error(const caf::error& e);

}  // namespace interview::actors
