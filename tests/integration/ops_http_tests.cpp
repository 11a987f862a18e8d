// What operators rely on, through the real binary: /stats and /metrics after
// real traffic, their protection, the OpenAPI document against the routes the
// server really serves, JSON logs, secrets kept out of logs, and SIGTERM with
// a model call in flight.
#include <doctest/doctest.h>

#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/integration/http_helpers.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/fake_llm_server.hpp"

using namespace interview::testing;
using nlohmann::json;

namespace {

Reply get_with(httplib::Client& c, const std::string& path, const std::string& token) {
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return to_reply(c.Get(path.c_str(), h));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("ops: /stats and /metrics describe the live system after real traffic") {
  TempDir dir("it-stats");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"ADMIN_TOKEN", "op-token"}, {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(new_user(c));
  for (auto& id : ids) post_json(c, "/users/join", json{{"user_id", id}}.dump());
  for (auto& id : ids) get(c, "/status/" + id);
  get(c, "/status/nothex");
  for (int i = 0; i < 5; ++i) CHECK(get(c, "/status/" + ids[3]).body["queue_number"] == 1);
  REQUIRE(post_json(c, "/interview/start", json{{"user_id", ids[0]}}.dump()).status == 200);

  auto stats = get_with(c, "/stats", "op-token");
  REQUIRE_MESSAGE(stats.status == 200, stats.raw);
  auto& s = stats.body;
  CHECK(s["coordinator"]["slots_total"] == 3);
  CHECK(s["coordinator"]["slots_in_use"] == 3);
  CHECK(s["coordinator"]["queue_length"] == 1);
  // The 4 in-process joins are decisions; the 4 joins of candidates already
  // placed are answered from reads, without a transaction (issue 12, item 8).
  CHECK(s["coordinator"]["decisions"]["join"].get<int>() >= 4);
  CHECK(s["http"]["requests"]["POST /users"]["2xx"] == 4);
  CHECK(s["http"]["requests"]["GET /status/{user_id}"]["2xx"] == 9);
  // Every status answer is counted once, by where it came from; the waiting
  // candidate's repeated polls come from the snapshot of the waiting line.
  CHECK(s["status_reads"]["from_snapshot"].get<int>() + s["status_reads"]["from_store"].get<int>() == 9);
  CHECK(s["status_reads"]["from_snapshot"].get<int>() >= 1);
  CHECK(s["status_reads"]["snapshot_rebuilds"].get<int>() >= 1);
  CHECK(s["http"]["requests"]["GET /status/{user_id}"]["4xx"] == 1);
  CHECK(s["http"]["in_flight"].get<int>() >= 1);  // this request
  CHECK(s["llm_pool"]["calls"] == 1);
  CHECK(s["llm_pool"]["size"] == 8);
  CHECK(s["interviews"]["live_actors"] == 1);
  CHECK(s["store"]["name"] == "sqlite");
  CHECK(s["store"]["commits"].get<int>() >= 8);
  CHECK(s["service"]["llm_provider"] == "offline");
  CHECK(s["service"]["rss_bytes"].get<long>() > 1000000);
  CHECK(s["histograms"]["http_request_seconds"]["count"].get<int>() >= 18);

  auto metrics = to_reply(c.Get("/metrics", httplib::Headers{{"Authorization", "Bearer op-token"}}));
  REQUIRE(metrics.status == 200);
  CHECK(metrics.raw.find("interview_slots_in_use 3") != std::string::npos);
  CHECK(metrics.raw.find("interview_queue_length 1") != std::string::npos);
  CHECK(metrics.raw.find("interview_status_reads_total{source=\"snapshot\"}") != std::string::npos);
  CHECK(std::regex_search(metrics.raw, std::regex(R"(_bucket\{[^}]*le="\+Inf"[^}]*\} \d+)")));
  CHECK(metrics.raw.find("_sum") != std::string::npos);
  CHECK(metrics.raw.find("_count") != std::string::npos);
}

namespace {

// Dotted paths of a document's leaves; `stop_at` names objects kept whole (maps, histograms).
void leaves(const json& v, const std::string& prefix, const std::set<std::string>& stop_at, std::set<std::string>& out) {
  if (v.is_object() && !v.empty() && !stop_at.count(prefix)) {
    for (auto& [k, child] : v.items()) leaves(child, prefix.empty() ? k : prefix + "." + k, stop_at, out);
    return;
  }
  out.insert(prefix);
}

void schema_leaves(const json& schema, const std::string& prefix, std::set<std::string>& out) {
  if (schema.contains("properties") && !schema["properties"].empty()) {
    for (auto& [k, v] : schema["properties"].items()) schema_leaves(v, prefix.empty() ? k : prefix + "." + k, out);
    return;
  }
  out.insert(prefix);
}

}  // namespace

TEST_CASE("ops: /stats, its schema in /openapi.json, /admin and /metrics come from one registry and agree") {
  TempDir dir("it-figures");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"ADMIN_TOKEN", "op-token"}, {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  post_json(c, "/users/join", json{{"user_id", new_user(c)}}.dump());
  auto stats = get_with(c, "/stats", "op-token");
  REQUIRE(stats.status == 200);
  auto doc = get(c, "/openapi.json");
  REQUIRE(doc.status == 200);
  const json& schema = doc.body["components"]["schemas"]["Stats"];
  std::set<std::string> documented;
  schema_leaves(schema, "", documented);
  // The dashboard's catalog, embedded in the page, names the same figures.
  auto admin = c.Get("/admin");
  REQUIRE(admin);
  std::smatch m;
  REQUIRE(std::regex_search(admin->body, m, std::regex(R"(<script id="figures-catalog" type="application/json">([^<]*)</script>)")));
  auto catalog = json::parse(m[1].str());
  std::set<std::string> on_page, kept_whole;  // histograms and labelled maps are one figure each
  for (auto& f : catalog["figures"]) {
    on_page.insert(f["path"].get<std::string>());
    if (f["kind"] == "histogram" || !f["labels"].empty()) kept_whole.insert(f["path"].get<std::string>());
  }
  CHECK(kept_whole.count("http.requests") == 1);
  CHECK(on_page == documented);
  std::set<std::string> served;
  leaves(stats.body, "", kept_whole, served);
  CHECK(documented.size() > 40);
  CHECK(served == documented);

  // Every counter in /metrics is a family the registry declared, and a figure
  // added to the registry shows up everywhere at once: the coordinator's own retries.
  auto metrics = to_reply(c.Get("/metrics", httplib::Headers{{"Authorization", "Bearer op-token"}}));
  REQUIRE(metrics.status == 200);
  CHECK(metrics.raw.find("interview_coordinator_transaction_retries_total 0") != std::string::npos);
  CHECK(stats.body["coordinator"]["transaction_retries"] == 0);
  CHECK(schema["properties"]["coordinator"]["properties"]["transaction_retries"]["type"] == "integer");
}

TEST_CASE("ops: operator endpoints need the admin token; without one configured, loopback only") {
  TempDir dir("it-token");
  ServerProcess server({{"DATA_DIR", dir.path()}, {"ADMIN_TOKEN", "right-token"}, {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  for (const char* path : {"/stats", "/metrics"}) {
    auto none = get_with(c, path, "");
    CHECK(none.status == 401);
    CHECK(none.body["detail"].is_string());
    CHECK(get_with(c, path, "wrong-token").status == 401);
    CHECK(get_with(c, path, "right-tokenX").status == 401);
    CHECK(get_with(c, path, "right-toke").status == 401);
    CHECK(get_with(c, path, "right-token").status == 200);
  }
  TempDir open_dir("it-loopback");
  ServerProcess loopback({{"DATA_DIR", open_dir.path()}, {"LOG_LEVEL", "warn"}});
  auto l = loopback.client();
  CHECK(get(l, "/stats").status == 200);  // the tests speak from 127.0.0.1
  auto admin = l.Get("/admin");
  REQUIRE(admin);
  CHECK(admin->status == 200);
  CHECK(admin->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(admin->body.find("slots-in-use") != std::string::npos);
  CHECK(admin->body.find("http://") == std::string::npos);   // self-contained: no CDN
  CHECK(admin->body.find("https://") == std::string::npos);
}

TEST_CASE("ops: the OpenAPI document lists exactly the routes the server serves") {
  TempDir dir("it-openapi");
  ServerProcess server({{"DATA_DIR", dir.path()}});
  auto c = server.client();
  auto doc = get(c, "/openapi.json");
  REQUIRE(doc.status == 200);
  CHECK(doc.body["openapi"].get<std::string>().rfind("3.", 0) == 0);
  std::set<std::string> documented;
  for (auto& [path, ops] : doc.body["paths"].items()) {
    std::string p = std::regex_replace(path, std::regex(R"(/$)"), "");
    p = p.empty() ? "/" : p;
    for (auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (m == "GET" || m == "POST" || m == "PUT" || m == "DELETE") documented.insert(m + " " + p);
    }
  }
  std::set<std::string> served;
  std::regex route(R"(route ((GET|POST|PUT|DELETE) [^\s"]+))");
  auto out = server.output();
  for (std::sregex_iterator it(out.begin(), out.end(), route), end; it != end; ++it) served.insert((*it)[1]);
  CHECK(served.size() >= 22);
  CHECK(documented == served);
}

TEST_CASE("ops: JSON logs are one parseable object per line, with trace ids, and no secrets") {
  TempDir dir("it-logs");
  FakeLlmServer fake;
  const std::string key = "AIzaSyTESTSECRETKEY0123456789abcdefgh";
  ServerProcess server({{"DATA_DIR", dir.path()}, {"LOG_FORMAT", "json"}, {"ACCESS_LOG", "true"},
                        {"GEMINI_API_KEY", key}, {"GEMINI_BASE_URL", fake.base_url()},
                        {"ADMIN_TOKEN", "admin-secret-token-42"}, {"LLM_RETRY_BUDGET_MS", "200"},
                        {"GOOGLE_CLOUD_PROJECT", ""}, {"STORE", "embedded"}});
  auto c = server.client();
  Candidate cand;
  cand.resume = "RESUME-PRIVATE-TEXT-77 Kubernetes and React";
  std::string id = new_user(c, cand);
  post_json(c, "/users/join", json{{"user_id", id}}.dump());
  httplib::Headers traced{{"X-Cloud-Trace-Context", "4bf92f3577b34da6a3ce929d0e0e4736/42;o=1"}};
  CHECK(c.Get(("/status/" + id).c_str(), traced)->status == 200);
  fake.push(canned::gemini_invalid_key());
  CHECK(post_json(c, "/interview/start", json{{"user_id", id}}.dump()).status == 503);
  get_with(c, "/stats", "admin-secret-token-42");
  server.terminate();

  auto out = server.output();
  CHECK(out.find(key) == std::string::npos);
  CHECK(out.find("admin-secret-token-42") == std::string::npos);
  CHECK(out.find("RESUME-PRIVATE-TEXT-77") == std::string::npos);
  bool saw_trace = false, saw_access = false;
  for (const auto& line : lines_of(out)) {
    if (line.rfind("interview-server listening", 0) == 0) continue;  // the one plain line scripts read
    auto j = json::parse(line, nullptr, false);
    REQUIRE_MESSAGE(!j.is_discarded(), line);
    CHECK(j.contains("severity"));
    CHECK(j.contains("message"));
    CHECK(j.contains("time"));
    if (j.contains("httpRequest")) {
      saw_access = true;
      CHECK(j["httpRequest"].contains("status"));
      CHECK(j["httpRequest"].contains("latency"));
    }
    if (j.value("logging.googleapis.com/trace", "").find("4bf92f3577b34da6a3ce929d0e0e4736") != std::string::npos)
      saw_trace = true;
  }
  CHECK(saw_access);
  CHECK(saw_trace);
}

TEST_CASE("ops: SIGTERM lets a request waiting on the model finish, then exits 0") {
  TempDir dir("it-sigterm");
  FakeLlmServer fake;
  fake.set_delay(std::chrono::milliseconds(1500));
  ServerProcess server({{"DATA_DIR", dir.path()}, {"GEMINI_API_KEY", "k"}, {"GEMINI_BASE_URL", fake.base_url()},
                        {"LOG_LEVEL", "warn"}});
  auto c = server.client();
  std::string id = seated_user(c);
  auto in_flight = std::async(std::launch::async, [&] {
    auto cl = server.client();
    return post_json(cl, "/interview/start", json{{"user_id", id}}.dump());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  int code = -2;
  auto stop = std::async(std::launch::async, [&] { code = server.terminate(20); });
  auto r = in_flight.get();
  stop.get();
  CHECK_MESSAGE(r.status == 200, r.raw);
  CHECK_FALSE(r.body["next_question"].get<std::string>().empty());
  CHECK(code == 0);
  // Nothing accepts connections any more.
  httplib::Client after("127.0.0.1", server.port());
  after.set_connection_timeout(1, 0);
  CHECK_FALSE(after.Get("/health"));
}

TEST_CASE("ops: the trace id of a request is on the lines the actors write for it") {
  TempDir dir("it-actor-trace");
  FakeLlmServer fake;
  ServerProcess server({{"DATA_DIR", dir.path()}, {"LOG_FORMAT", "json"}, {"GEMINI_API_KEY", "test-key-123"},
                        {"GEMINI_BASE_URL", fake.base_url()}, {"LLM_RETRY_BUDGET_MS", "200"}});
  auto c = server.client();
  httplib::Headers create_trace{{"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}};
  auto created = to_reply(c.Post("/users/", create_trace, form_of(Candidate{})));
  REQUIRE(created.status == 200);
  std::string id = created.body["user_id"];
  REQUIRE(post_json(c, "/users/join", json{{"user_id", id}}.dump()).body["status"] == "in_session");
  fake.push(canned::gemini_invalid_key());
  httplib::Headers start_trace{{"X-Cloud-Trace-Context", "4bf92f3577b34da6a3ce929d0e0e4736/42;o=1"}};
  CHECK(to_reply(c.Post("/interview/start", start_trace, json{{"user_id", id}}.dump(), "application/json")).status ==
        503);
  server.terminate();

  std::string creation_trace, model_failure_trace;
  for (const auto& line : lines_of(server.output())) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    auto message = j.value("message", "");
    auto trace = j.value("logging.googleapis.com/trace", "");
    if (message.find("created candidate " + id) != std::string::npos) creation_trace = trace;  // UserDirectory
    if (message.find("model call failed") != std::string::npos) model_failure_trace = trace;   // InterviewActor
  }
  CHECK(creation_trace.find("0af7651916cd43dd8448eb211c80319c") != std::string::npos);
  CHECK(model_failure_trace.find("4bf92f3577b34da6a3ce929d0e0e4736") != std::string::npos);
}
