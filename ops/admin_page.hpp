#pragma once
// The operator dashboard (ops/admin_page.html), embedded at build time.
#include <string_view>

namespace interview::ops {

// Self-contained HTML (no external resources); serve as text/html at GET /admin.
std::string_view admin_page_html();

}  // namespace interview::ops
