#include "http/engine_server.hpp"

namespace interview::http {
namespace {

// httplib's accept loop hands every accepted socket to its task queue. Here
// the "task" only gives the socket to the engine, which never blocks, so it
// runs on the accept thread; stopping the queue stops the engine.
class AcceptQueue : public httplib::TaskQueue {
 public:
  explicit AcceptQueue(ConnectionEngine& engine) : engine_(engine) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { engine_.shutdown(); }

 private:
  ConnectionEngine& engine_;
};

}  // namespace

EngineServer::EngineServer(ConnectionEngine& engine) : engine_(engine) {
  new_task_queue = [this] { return new AcceptQueue(engine_); };
}

bool EngineServer::serve(ConnectionStream& stream, bool closing) {
  bool connection_closed = false;
  bool written = process_request(stream, closing, connection_closed, setup_);
  return written && !connection_closed && !closing;
}

bool EngineServer::process_and_close_socket(socket_t sock) {
  engine_.adopt(sock);
  return true;
}

}  // namespace interview::http
