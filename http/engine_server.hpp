#pragma once
// cpp-httplib's Server with its connection handling replaced by the
// ConnectionEngine: the listener's accepted sockets go to the engine, and the
// engine hands each complete request back to httplib's parsing, routing and
// response writing (the routes stay plain httplib handlers).
#include <httplib.h>

#include "http/connection_engine.hpp"

namespace interview::http {

class EngineServer : public httplib::Server {
 public:
  explicit EngineServer(ConnectionEngine& engine);
  // One request on the stream; false when the connection must close.
  bool serve(ConnectionStream& stream, bool closing);
  // Runs on every parsed request before routing (e.g. to set the client address).
  void set_request_setup(std::function<void(httplib::Request&)> setup) { setup_ = std::move(setup); }

 private:
  // Called by httplib's accept loop for every accepted socket.
  bool process_and_close_socket(socket_t sock) override;
  ConnectionEngine& engine_;
  std::function<void(httplib::Request&)> setup_;
};

}  // namespace interview::http
