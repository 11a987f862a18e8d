#pragma once
// The OpenAPI 3.0.3 description of the public routes (ops/openapi.json),
// embedded at build time.
#include <nlohmann/json.hpp>

namespace interview::ops {

// Parsed once on first use; serve with dump() at GET /openapi.json.
const nlohmann::json& openapi_document();

}  // namespace interview::ops
