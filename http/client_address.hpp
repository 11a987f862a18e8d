#pragma once
// The address of the client behind our own proxies. Each proxy in front of the
// service appends the address it saw to X-Forwarded-For, so with
// `trusted_hops` proxies of ours the client is the entry that many places from
// the right of "X-Forwarded-For, peer". Entries further left were written by
// the client itself and are never trusted.
#include <string>
#include <string_view>

namespace interview::http {

std::string client_address(std::string_view peer, std::string_view forwarded_for, int trusted_hops);

}  // namespace interview::http
