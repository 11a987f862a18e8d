#include "http/admin_auth.hpp"

#include <openssl/crypto.h>

#include "http/json_io.hpp"

namespace interview::http {

bool admin_allowed(const httplib::Request& req, const std::string& token) {
  if (token.empty()) {
    const auto& ip = req.remote_addr;
    return ip == "::1" || ip.rfind("127.", 0) == 0 || ip.rfind("::ffff:127.", 0) == 0;
  }
  const std::string prefix = "Bearer ";
  auto header = req.get_header_value("Authorization");
  if (header.size() != prefix.size() + token.size() || header.compare(0, prefix.size(), prefix) != 0) return false;
  return CRYPTO_memcmp(header.data() + prefix.size(), token.data(), token.size()) == 0;
}

bool require_admin(const httplib::Request& req, httplib::Response& res, const std::string& token) {
  if (admin_allowed(req, token)) return true;
  res.set_header("WWW-Authenticate", "Bearer");
  send_error(res, ErrorKind::unauthorized, token.empty() ? "operator endpoints answer loopback clients only (no ADMIN_TOKEN set)"
                                                         : "a valid Authorization: Bearer token is required");
  return false;
}

}  // namespace interview::http
