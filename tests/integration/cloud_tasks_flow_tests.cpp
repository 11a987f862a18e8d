// The Cloud Tasks join flow through the real binary: creating a candidate
// calls tasks.create on a local stand-in for Cloud Tasks, which then delivers
// the task to POST /users/join the way Cloud Tasks does (its headers, retries
// on every non-2xx, a retry count that grows).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gcp/auth/base64.hpp"
#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/probes.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;
using nlohmann::json;

namespace {

struct Delivery {
  int status;
  int retry_count;
};

// Cloud Tasks and the metadata server, on one local port.
class FakeCloudTasks {
 public:
  // first_delay: how long a new task waits before its first delivery.
  explicit FakeCloudTasks(int max_attempts, std::chrono::milliseconds first_delay = std::chrono::milliseconds(0))
      : max_attempts_(max_attempts), first_delay_(first_delay) {
    server_.Get("/computeMetadata/v1/instance/service-accounts/default/token",
                [](const httplib::Request& req, httplib::Response& res) {
                  if (req.get_header_value("Metadata-Flavor") != "Google") {
                    res.status = 403;
                    return;
                  }
                  res.set_content(R"({"access_token":"meta-token","expires_in":3600,"token_type":"Bearer"})",
                                  "application/json");
                });
    server_.Post(R"(/v2/projects/([^/]+)/locations/([^/]+)/queues/([^/]+)/tasks)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   auto body = json::parse(req.body);
                   {
                     std::lock_guard<std::mutex> lock(mu_);
                     created_.push_back({req.path, req.get_header_value("Authorization"), body});
                   }
                   json task = body["task"];
                   task["name"] = req.path + "/task-" + std::to_string(++tasks_);
                   res.set_content(task.dump(), "application/json");
                   dispatchers_.emplace_back([this, task] { dispatch(task); });
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeCloudTasks() {
    server_.stop();
    thread_.join();
    for (auto& t : dispatchers_) t.join();
  }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string url() const { return "http://" + host(); }

  struct Created {
    std::string path, authorization;
    json body;
  };
  std::vector<Created> created() {
    std::lock_guard<std::mutex> lock(mu_);
    return created_;
  }
  std::vector<Delivery> deliveries() {
    std::lock_guard<std::mutex> lock(mu_);
    return deliveries_;
  }
  // Waits until a delivery answered 2xx or attempts ran out.
  bool wait_done(int tasks, int seconds) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(seconds), [&] { return finished_ >= tasks; });
  }

 private:
  void dispatch(json task) {
    auto http = task["httpRequest"];
    std::string url = http["url"];
    auto scheme_end = url.find("://") + 3;
    auto path_start = url.find('/', scheme_end);
    httplib::Client c(url.substr(0, path_start));
    std::string body = interview::gcp::base64_decode(http["body"].get<std::string>()).value_or("");
    std::this_thread::sleep_for(first_delay_);
    for (int attempt = 0; attempt < max_attempts_; ++attempt) {
      httplib::Headers h{{"X-CloudTasks-QueueName", "interview-queue"},
                         {"X-CloudTasks-TaskName", task["name"].get<std::string>()},
                         {"X-CloudTasks-TaskRetryCount", std::to_string(attempt)},
                         {"X-CloudTasks-TaskExecutionCount", std::to_string(attempt)},
                         {"User-Agent", "Google-Cloud-Tasks"}};
      auto r = c.Post(url.substr(path_start).c_str(), h, body, "application/json");
      int status = r ? r->status : 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        deliveries_.push_back({status, attempt});
      }
      if (status >= 200 && status < 300) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    std::lock_guard<std::mutex> lock(mu_);
    ++finished_;
    cv_.notify_all();
  }

  int max_attempts_;
  std::chrono::milliseconds first_delay_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::vector<std::thread> dispatchers_;
  std::atomic<int> tasks_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  int finished_ = 0;
  std::vector<Created> created_;
  std::vector<Delivery> deliveries_;
};

std::map<std::string, std::string> tasks_env(const StoreUnderTest& store, const FakeCloudTasks& tasks, int port,
                                             std::map<std::string, std::string> extra = {}) {
  auto env = store.env({{"PORT", std::to_string(port)},
                        {"TASKS_PROJECT", "proj-1"},
                        {"TASKS_LOCATION", "europe-west1"},
                        {"TASKS_JOIN_URL", "http://127.0.0.1:" + std::to_string(port) + "/users/join"},
                        {"TASKS_SERVICE_ACCOUNT", "tasks@proj-1.iam.gserviceaccount.com"},
                        {"CLOUD_TASKS_BASE_URL", tasks.url()},
                        {"GCE_METADATA_HOST", tasks.host()},
                        {"TASKS_MAX_ATTEMPTS", "5"},
                        {"LOG_LEVEL", "warn"}});
  for (auto& [k, v] : extra) env[k] = v;
  return env;
}

// A server on its own store whose joins go through a FakeCloudTasks.
struct TasksFlow {
  explicit TasksFlow(const std::string& name) : store(name), tasks(5), port(free_port()),
                                                server(tasks_env(store, tasks, port)) {}
  StoreUnderTest store;
  FakeCloudTasks tasks;
  int port;
  ServerProcess server;
  httplib::Client c = server.client();
};

}  // namespace

TEST_CASE("cloud tasks: creating a candidate enqueues a task that places them through /users/join") {
  TasksFlow flow("ct-flow");
  auto& [store, tasks, port, server, c] = flow;
  std::string id = new_user(c);
  REQUIRE(tasks.wait_done(1, 20));

  auto created = tasks.created();
  REQUIRE(created.size() == 1);
  CHECK(created[0].path == "/v2/projects/proj-1/locations/europe-west1/queues/interview-queue/tasks");
  CHECK(created[0].authorization == "Bearer meta-token");
  auto http = created[0].body["task"]["httpRequest"];
  CHECK(http["httpMethod"] == "POST");
  CHECK(http["url"] == "http://127.0.0.1:" + std::to_string(port) + "/users/join");
  CHECK(http["oidcToken"]["serviceAccountEmail"] == "tasks@proj-1.iam.gserviceaccount.com");
  auto payload = json::parse(interview::gcp::base64_decode(http["body"].get<std::string>()).value_or("null"));
  CHECK(payload == json{{"user_id", id}});

  auto deliveries = tasks.deliveries();
  REQUIRE(deliveries.size() == 1);
  CHECK(deliveries[0].status == 200);
  CHECK(get(c, "/status/" + id).body["status"] == "in_session");
  // At-least-once delivery: the same task again changes nothing.
  httplib::Headers again{{"X-CloudTasks-TaskName", "dup"}, {"X-CloudTasks-TaskRetryCount", "0"}};
  auto dup = to_reply(c.Post("/users/join", again, json{{"user_id", id}}.dump(), "application/json"));
  CHECK(dup.status == 200);
  CHECK(dup.body["status"] == "in_session");
  CHECK(store.count("in_session") == 1);
}

TEST_CASE("cloud tasks: permanent failures answer 2xx and leave a dead letter instead of endless retries") {
  TasksFlow flow("ct-dead");
  auto& [store, tasks, port, server, c] = flow;
  httplib::Headers h{{"X-CloudTasks-TaskName", "projects/p/locations/l/queues/q/tasks/t1"},
                     {"X-CloudTasks-TaskRetryCount", "0"}};
  auto unknown = to_reply(c.Post("/users/join", h, json{{"user_id", std::string(32, 'a')}}.dump(), "application/json"));
  CHECK(unknown.status == 200);
  CHECK(unknown.body["dead_letter"] == true);
  auto garbage = to_reply(c.Post("/users/join", h, "{not json", "application/json"));
  CHECK(garbage.status == 200);
  CHECK(store.count("dead_letters") == 2);
  // The frontend's own call still gets the API's 404.
  CHECK(post_json(c, "/users/join", json{{"user_id", std::string(32, 'a')}}.dump()).status == 404);
}

TEST_CASE("cloud tasks: a transient store failure answers 5xx, and Cloud Tasks' retry then places the candidate") {
  StoreUnderTest store("ct-retry");
  if (store.firestore()) return;  // locks the embedded store's file
  FakeCloudTasks tasks(5, std::chrono::milliseconds(400));
  int port = free_port();
  ServerProcess server(tasks_env(store, tasks, port, {{"STORE_BUSY_TIMEOUT_MS", "100"}}));
  auto c = server.client();
  std::string id = new_user(c);
  // Hold the store's write lock across the first delivery only.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((store.data_dir() + "/interview.db").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // longer than the store's own retries
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  REQUIRE(tasks.wait_done(1, 20));
  auto deliveries = tasks.deliveries();
  REQUIRE(deliveries.size() >= 2);
  CHECK(deliveries.front().status == 503);
  CHECK(deliveries.front().retry_count == 0);
  CHECK(deliveries.back().status == 200);
  CHECK(deliveries.back().retry_count >= 1);
  CHECK(get(c, "/status/" + id).body["status"] == "in_session");
  CHECK(store.count("dead_letters") == 0);
}
