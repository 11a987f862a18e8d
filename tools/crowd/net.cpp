#include "net.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

namespace crowd {

Target parse_target(const std::string& url) {
  std::string rest = url;
  const std::string scheme = "http://";
  if (rest.compare(0, scheme.size(), scheme) == 0) {
    rest = rest.substr(scheme.size());
  } else if (rest.find("://") != std::string::npos) {
    throw std::runtime_error("only http:// URLs are supported: " + url);
  }
  auto slash = rest.find('/');
  if (slash != std::string::npos) rest = rest.substr(0, slash);
  Target t;
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) {
    t.host = rest;
    t.port = 80;
  } else {
    t.host = rest.substr(0, colon);
    try {
      t.port = std::stoi(rest.substr(colon + 1));
    } catch (...) {
      throw std::runtime_error("bad port in URL: " + url);
    }
  }
  if (t.host.empty() || t.port <= 0 || t.port > 65535) throw std::runtime_error("bad URL: " + url);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(t.host.c_str(), nullptr, &hints, &res);
  if (rc != 0 || !res) throw std::runtime_error("cannot resolve " + t.host + ": " + gai_strerror(rc));
  std::memcpy(&t.addr, res->ai_addr, sizeof(sockaddr_in));
  freeaddrinfo(res);
  t.addr.sin_port = htons(static_cast<uint16_t>(t.port));
  t.host_header = t.host + ":" + std::to_string(t.port);
  return t;
}

std::vector<in_addr> parse_sources(const std::string& list) {
  std::vector<in_addr> out;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    std::string item = list.substr(pos, comma - pos);
    if (!item.empty()) {
      in_addr a{};
      if (inet_pton(AF_INET, item.c_str(), &a) != 1) throw std::runtime_error("bad source address: " + item);
      out.push_back(a);
    }
    pos = comma + 1;
  }
  return out;
}

int SourcePicker::bind_next(int fd) {
  if (sources_.empty()) return 0;
  int one = 1;
  // Let connect() pick the port per (source, destination) pair instead of reserving one
  // per source address at bind time: each source address then has the whole range.
  setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr = sources_[next_];
  a.sin_port = 0;
  next_ = (next_ + 1) % sources_.size();
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return errno;
  return 0;
}

}  // namespace crowd
