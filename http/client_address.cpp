#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <vector>

namespace interview::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_ip(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

}  // namespace

std::string client_address(std::string_view peer, std::string_view forwarded_for, int trusted_hops) {
  if (trusted_hops <= 0 || trim(forwarded_for).empty()) return std::string(peer);
  std::vector<std::string_view> chain;
  for (std::size_t at = 0; at <= forwarded_for.size();) {
    auto comma = forwarded_for.find(',', at);
    auto entry = trim(forwarded_for.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
    if (!entry.empty()) chain.push_back(entry);
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  if (chain.empty()) return std::string(peer);
  // The peer is the nearest proxy; each further hop of ours wrote one entry.
  std::size_t from_right = static_cast<std::size_t>(trusted_hops);
  std::string client(chain.size() >= from_right ? chain[chain.size() - from_right] : chain.front());
  return is_ip(client) ? client : std::string(peer);
}

}  // namespace interview::http
