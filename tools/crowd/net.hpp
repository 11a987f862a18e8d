#pragma once
// Address helpers shared by the load loop and the seeding client.
#include <netinet/in.h>

#include <string>
#include <vector>

namespace crowd {

struct Target {
  std::string host;        // as given in the URL, for the Host header
  int port = 80;
  sockaddr_in addr{};      // resolved once
  std::string host_header; // host:port
};

// Parses "http://host:port[/...]" and resolves host (IPv4). Throws std::runtime_error.
Target parse_target(const std::string& url);

// Parses "127.0.0.1,127.0.0.2"; throws on a bad address.
std::vector<in_addr> parse_sources(const std::string& list);

// Round-robin source address for the next socket (none when the list is empty).
class SourcePicker {
 public:
  explicit SourcePicker(std::vector<in_addr> sources) : sources_(std::move(sources)) {}
  // Binds fd to the next source address (port chosen at connect time). Returns errno or 0.
  int bind_next(int fd);
  bool empty() const { return sources_.empty(); }
  size_t size() const { return sources_.size(); }

 private:
  std::vector<in_addr> sources_;
  size_t next_ = 0;
};

}  // namespace crowd
