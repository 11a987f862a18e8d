// The soak (issue 13, item 5): the real binary on the embedded store, the Gemini
// stand-in (tests/support/fake_llm_server, its real wire format) behind it, and
// mixed traffic for SOAK_SECONDS (120 by default, 60 in CI as load.soak; scripts/soak runs 600):
// candidates arrive (multipart POST /users/ with a small text resume), join,
// poll GET /status every 5 s on their own keep-alive connection while waiting
// (some give up and exit), interview when promoted (/interview/start, a few
// /interview/respond) and then exit, stop answering until the janitor expires
// the session, or answer until the closing step concludes it.
//
// Checked throughout: no 5xx and no failed connection on any request; /stats
// never shows more than SESSION_LIMIT in session (sampled every second); every
// few seconds, with the clients' writes held back, every live candidate is read
// twice and, when both reads agree, the waiting ones hold exactly positions 1..k
// and at most SESSION_LIMIT are in session. At the end (everyone still around
// exits): every candidate readable, nobody in session or waiting, every candidate
// who interviewed has the model's SWOT stored (none a fallback), every answer
// accepted is recorded exactly once, statuses only moved forward.
//
// RSS and open descriptors of the server are sampled every 2 s, and the run is
// two phases (a third, then two thirds; between them everyone exits and the
// server idles for 3 s). Flat means, for descriptors, idle after the run against
// idle before it, by kind: every kind that belongs to no pool exactly as before
// (no client socket left, no pipe, eventfd or file more), and each pool within
// its configured size (the model workers' kept-alive connection and libcurl
// wake-up socketpair, the store's pooled readers); they open lazily, so counting
// against a warm-up would depend on which workers it happened to touch. For RSS:
// the median of the last third of the samples within 15 % + 8 MiB of the middle
// third's (the first third is warm-up: allocator arenas, the page cache, pools).
// A leak of a descriptor per request or per candidate breaks the first; memory
// growing with traffic (the last third carries as much as the middle) the second,
// while a few MiB of allocator noise does not.
//
// Settings (environment of this test): SOAK_SECONDS (120), SOAK_ARRIVAL_MS (mean
// ms between creations, 3000), SOAK_MAX_LIVE (candidates at once, 60),
// SOAK_REPORT (a file to write the figures to as JSON), SOAK_HOLD_SECONDS (keep
// the server up this long after the run, to look at it by hand).
#include <doctest/doctest.h>
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/http_helpers.hpp"
#include "tests/integration/store_under_test.hpp"
#include "tests/support/fake_llm_server.hpp"
#include "tests/support/server_process.hpp"

using namespace interview::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr int kSessionLimit = 3;
constexpr int kSessionSeconds = 20;
constexpr int kLlmPool = 4;                   // LLM_POOL_SIZE
constexpr int kStoreReaders = 4 + 4 + 4;      // DIRECTORY_WORKERS + INTERVIEW_STORE_WORKERS + 4 (app/adapters.cpp)

long env_long(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::strtol(v, nullptr, 10);
}

int open_fds(int pid) {
  int n = 0;
  std::string path = "/proc/" + std::to_string(pid) + "/fd";
  if (DIR* d = ::opendir(path.c_str())) {
    while (auto* e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n;
}

// What the descriptors point at, counted by kind (socket, pipe, a file's path, ...).
// TCP sockets by inode: "listening", "client" (the server's port is local), "peer :PORT".
std::map<std::string, std::string> tcp_roles(int pid, int server_port) {
  std::map<std::string, std::string> roles;
  std::ifstream in("/proc/" + std::to_string(pid) + "/net/tcp");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string sl, local, remote, st, q, tm, retr, uid, timeout, inode;
    f >> sl >> local >> remote >> st >> q >> tm >> retr >> uid >> timeout >> inode;
    int lport = std::stoi(local.substr(local.find(':') + 1), nullptr, 16);
    int rport = std::stoi(remote.substr(remote.find(':') + 1), nullptr, 16);
    roles[inode] = st == "0A" ? "listening" : lport == server_port ? "client (state " + st + ")"
                                                                   : "peer :" + std::to_string(rport);
  }
  return roles;
}

std::map<std::string, int> fd_kinds(int pid, int server_port) {
  std::map<std::string, int> kinds;
  auto roles = tcp_roles(pid, server_port);
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  if (DIR* d = ::opendir(dir.c_str())) {
    while (auto* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      char buf[512];
      auto len = ::readlink((dir + "/" + e->d_name).c_str(), buf, sizeof buf - 1);
      std::string target = len > 0 ? std::string(buf, static_cast<std::size_t>(len)) : "?";
      // A file inherited from whoever started the test (ctest's log) may be renamed meanwhile.
      if (auto d = target.rfind(" (deleted)"); d != std::string::npos && d + 10 == target.size()) target.erase(d);
      if (target.rfind("socket:[", 0) == 0) {
        auto inode = target.substr(8, target.size() - 9);
        target = roles.count(inode) ? "socket " + roles[inode] : "socket (not tcp4)";
      } else if (auto colon = target.find(":["); colon != std::string::npos) {
        target = target.substr(0, colon);
      }
      ++kinds[target];
    }
    ::closedir(d);
  }
  return kinds;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

// The first value named `key` anywhere in j (the /stats layout may move it).
const json* find_key(const json& j, const std::string& key) {
  if (j.is_object()) {
    if (auto it = j.find(key); it != j.end()) return &*it;
    for (const auto& [k, v] : j.items())
      if (auto* f = find_key(v, key)) return f;
  }
  return nullptr;
}

int rank(const std::string& status) {
  if (status == "idle") return 0;
  if (status == "waiting") return 1;
  if (status == "in_session") return 2;
  if (status == "session_over") return 3;
  return -1;
}

struct Person {
  std::string id;
  std::atomic<bool> ended{false};
  bool interviewed = false;        // /interview/start answered in_session
  bool checked = false;            // its SWOT awaited
  std::set<std::string> accepted;  // answers the service took (reply in_session)
  std::set<std::string> sent;      // every answer sent
  std::string end;                 // how it ended
};

struct Sample {
  double t;
  long rss_kib;
  int fds;
  int live;
};

class Soak {
 public:
  Soak(int port, int pid, std::atomic<bool>& stop) : port_(port), pid_(pid), stop_(stop) {}

  // One request, timed and counted; 5xx or no answer is a failure.
  Reply call(const std::string& route, const std::function<Reply()>& f) {
    auto t0 = Clock::now();
    Reply r = f();
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::lock_guard lock(mu_);
    latency_[route].push_back(ms);
    ++by_status_[route][std::to_string(r.status)];
    if (r.status == 0 || r.status >= 500) fail(route + " answered " + std::to_string(r.status) + ": " + r.raw);
    return r;
  }

  void fail(const std::string& what) {  // mu_ held or not needed
    if (failures_.size() < 50) failures_.push_back(what);
    ++failure_count_;
  }
  void failure(const std::string& what) {
    std::lock_guard lock(mu_);
    fail(what);
  }

  // Sleeps up to `d`, returning early (false) once the run is stopping.
  bool pause(milliseconds d) {
    auto until = Clock::now() + d;
    while (Clock::now() < until) {
      if (stop_) return false;
      std::this_thread::sleep_for(std::min<milliseconds>(milliseconds(100), std::chrono::duration_cast<milliseconds>(until - Clock::now()) + milliseconds(1)));
    }
    return !stop_;
  }

  void observe(Person& p, const std::string& status, int& last) {
    int r = rank(status);
    if (r < 0) failure(p.id + ": unknown status " + status);
    if (r < last) failure(p.id + ": status went back from rank " + std::to_string(last) + " to " + status);
    last = std::max(last, r);
  }

  void candidate(Person& p, std::mt19937 rng) {
    httplib::Client c = local_client(port_);
    c.set_keep_alive(true);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Candidate who;
    who.first_name = "Soak";
    who.last_name = "Candidate";
    who.email = "soak" + std::to_string(uniform(0, 1 << 30)) + "@example.com";
    who.resume = "Soak Candidate\nSkills: React, Next.js, FastAPI, Google Cloud Run, Firestore\n"
                 "Built a queue service on Cloud Tasks; led a team of four.\n";
    Reply made;
    {
      std::shared_lock hold(world_);
      made = call("POST /users/", [&] { return create_user(c, who); });
    }
    if (made.status != 200 || !made.body.contains("user_id")) {
      failure("creation refused: " + std::to_string(made.status) + " " + made.raw);
      p.ended = true;
      p.end = "not_created";
      return;
    }
    {
      std::lock_guard lock(mu_);
      p.id = made.body["user_id"].get<std::string>();
      ++created_;
    }
    int last = 0;
    auto finish = [&](const std::string& how) {
      std::lock_guard lock(mu_);
      p.end = how;
      p.ended = true;
      ++ends_[how];
    };
    auto leave = [&](const std::string& how) {
      std::shared_lock hold(world_);
      auto r = call("POST /users/{id}/exit", [&] { return post_empty(c, "/users/" + p.id + "/exit"); });
      if (r.status != 200) failure(p.id + ": exit answered " + std::to_string(r.status) + " " + r.raw);
      finish(how);
    };
    pause(milliseconds(2000));  // the frontend joins ~2 s after creation
    Reply joined;
    {
      std::shared_lock hold(world_);
      joined = call("POST /users/join", [&] { return post_json(c, "/users/join", json{{"user_id", p.id}}.dump()); });
    }
    if (joined.status != 200) return failure(p.id + ": join answered " + joined.raw), finish("join_failed");
    std::string status = joined.body.value("status", "");
    observe(p, status, last);
    while (status == "waiting") {
      if (!pause(milliseconds(5000))) return leave("exit_at_stop");
      auto r = call("GET /status/{id}", [&] { return get(c, "/status/" + p.id); });
      if (r.status != 200) return failure(p.id + ": status answered " + r.raw), finish("status_failed");
      status = r.body.value("status", "");
      observe(p, status, last);
      if (status == "waiting" && uniform(0, 99) < 8) return leave("exit_while_waiting");
    }
    if (status != "in_session") return failure(p.id + ": left the line as " + status), finish("lost");
    Reply opened;
    {
      std::shared_lock hold(world_);
      opened = call("POST /interview/start", [&] {
        return post_json(c, "/interview/start", json{{"user_id", p.id}}.dump());
      });
    }
    if (opened.status != 200 || opened.body.value("status", "") != "in_session" ||
        opened.body.value("next_question", "").empty())
      return failure(p.id + ": start answered " + opened.raw), finish("start_failed");
    p.interviewed = true;
    int plan = uniform(0, 99);  // <45: a few answers then exit; <75: one answer then silence; else answer to the end
    int answers = plan < 45 ? uniform(1, 3) : plan < 75 ? 1 : 1000;
    for (int i = 0; i < answers; ++i) {
      if (!pause(milliseconds(uniform(1000, 3000)))) return leave("exit_at_stop");
      std::string text = "Answer " + std::to_string(i) + " of " + p.id + ": I deployed it on Cloud Run.";
      Reply r;
      {
        std::shared_lock hold(world_);
        p.sent.insert(text);
        r = call("POST /interview/respond", [&] {
          return post_json(c, "/interview/respond", json{{"user_id", p.id}, {"user_response", text}}.dump());
        });
      }
      if (r.status != 200) return failure(p.id + ": respond answered " + r.raw), finish("respond_failed");
      std::string s = r.body.value("status", "");
      observe(p, s, last);
      if (s == "session_over") {
        if (r.body.value("bot_response", "").find("session has concluded") == std::string::npos)
          failure(p.id + ": closing reply lacks 'session has concluded': " + r.raw);
        return finish("concluded_by_respond");
      }
      p.accepted.insert(text);
    }
    if (plan < 45) return leave("exit_in_session");
    while (true) {  // silent: the janitor must end it
      if (!pause(milliseconds(5000))) return leave("exit_at_stop");
      auto r = call("GET /status/{id}", [&] { return get(c, "/status/" + p.id); });
      if (r.status != 200) return failure(p.id + ": status answered " + r.raw), finish("status_failed");
      observe(p, r.body.value("status", ""), last);
      if (r.body.value("status", "") == "session_over") return finish("expired_by_janitor");
    }
  }

  // With the clients' writes held back, reads every live candidate twice; when the
  // two passes agree, the line is at rest: waiting positions are exactly 1..k.
  void snapshot(httplib::Client& c, const std::vector<Person*>& people) {
    std::unique_lock hold(world_);
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::map<std::string, std::pair<std::string, int>> pass[2];
      for (auto& one : pass)
        for (auto* p : people) {
          std::string id;
          {
            std::lock_guard lock(mu_);
            if (p->ended || p->id.empty()) continue;
            id = p->id;
          }
          auto r = call("GET /status/{id}", [&] { return get(c, "/status/" + id); });
          if (r.status != 200) {
            failure(id + ": acknowledged candidate unreadable: " + r.raw);
            continue;
          }
          one[id] = {r.body.value("status", ""), r.body.value("queue_number", -1)};
        }
      if (pass[0] != pass[1]) {
        ++snapshots_moving_;
        continue;
      }
      std::vector<int> positions;
      int seated = 0;
      for (auto& [id, sp] : pass[0]) {
        if (sp.first == "waiting") positions.push_back(sp.second);
        if (sp.first == "in_session") ++seated;
      }
      std::sort(positions.begin(), positions.end());
      for (std::size_t i = 0; i < positions.size(); ++i)
        if (positions[i] != static_cast<int>(i) + 1) {
          std::string got;
          for (int q : positions) got += std::to_string(q) + " ";
          failure("waiting positions not 1.." + std::to_string(positions.size()) + ": " + got);
          break;
        }
      if (seated > kSessionLimit) failure("snapshot: " + std::to_string(seated) + " in session");
      std::lock_guard lock(mu_);
      ++snapshots_checked_;
      max_waiting_seen_ = std::max<int>(max_waiting_seen_, static_cast<int>(positions.size()));
      return;
    }
  }

  void stats_sample(httplib::Client& c) {
    auto r = call("GET /stats", [&] { return get(c, "/stats"); });
    if (r.status != 200) return;
    const json* in_use = find_key(r.body, "slots_in_use");
    if (!in_use || !in_use->is_number()) return failure("/stats has no slots_in_use: " + r.raw.substr(0, 300));
    std::lock_guard lock(mu_);
    ++stats_checked_;
    max_in_use_ = std::max(max_in_use_, in_use->get<int>());
    if (in_use->get<int>() > kSessionLimit) fail("/stats: " + std::to_string(in_use->get<int>()) + " in session");
  }

  Sample sample(double t, int live) { return {t, rss_kib(pid_), open_fds(pid_), live}; }

  int port_, pid_;
  std::atomic<bool>& stop_;
  std::shared_mutex world_;
  std::mutex mu_;
  std::map<std::string, std::vector<double>> latency_;
  std::map<std::string, std::map<std::string, long>> by_status_;
  std::map<std::string, long> ends_;
  std::vector<std::string> failures_;
  long failure_count_ = 0, created_ = 0, snapshots_checked_ = 0, snapshots_moving_ = 0, stats_checked_ = 0;
  int max_in_use_ = 0, max_waiting_seen_ = 0;
};

double median_of(const std::vector<Sample>& s, std::size_t from, std::size_t to) {
  std::vector<double> v;
  for (std::size_t i = from; i < to && i < s.size(); ++i) v.push_back(static_cast<double>(s[i].rss_kib));
  return quantile(v, 0.5);
}

}  // namespace

TEST_CASE("soak") {
  const long seconds = env_long("SOAK_SECONDS", 120);
  const long arrival_ms = env_long("SOAK_ARRIVAL_MS", 3000);
  const long max_live = env_long("SOAK_MAX_LIVE", 60);
  REQUIRE(seconds >= 30);
  StoreUnderTest store("soak");
  REQUIRE_FALSE(store.firestore());
  FakeLlmServer model(FakeLlmServerOptions{FakeLlmMode::gemini, 0, milliseconds(80), ""});
  ServerProcess server(store.env({{"SESSION_LIMIT", std::to_string(kSessionLimit)},
                                  {"SESSION_SECONDS", std::to_string(kSessionSeconds)},
                                  {"CLEANUP_INTERVAL_SECONDS", "2"},
                                  {"CREATE_LIMIT_PER_MINUTE", "0"},
                                  {"LLM_PROVIDER", "gemini"},
                                  {"LLM_POOL_SIZE", std::to_string(kLlmPool)},
                                  {"DIRECTORY_WORKERS", "4"},
                                  {"INTERVIEW_STORE_WORKERS", "4"},
                                  {"GEMINI_API_KEY", "soak-key"},
                                  {"GEMINI_BASE_URL", model.base_url()},
                                  {"LOG_LEVEL", "warn"}}));
  REQUIRE(server.running());
  std::atomic<bool> stop{false};
  Soak soak(server.port(), server.pid(), stop);
  auto t0 = Clock::now();
  auto now_s = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };

  httplib::Client probe = local_client(server.port());
  probe.set_keep_alive(true);
  REQUIRE(get(probe, "/health").status == 200);
  std::this_thread::sleep_for(milliseconds(500));
  const Sample before = soak.sample(0, 0);
  const auto kinds_before = fd_kinds(server.pid(), server.port());

  std::vector<std::unique_ptr<Person>> people;
  std::vector<std::thread> threads;
  std::vector<Sample> samples;
  std::mutex people_mu;
  auto live_count = [&] {
    std::lock_guard lock(people_mu);
    return static_cast<int>(std::count_if(people.begin(), people.end(), [](auto& p) { return !p->ended; }));
  };
  auto live_people = [&] {
    std::lock_guard lock(people_mu);
    std::vector<Person*> v;
    for (auto& p : people)
      if (!p->ended) v.push_back(p.get());
    return v;
  };

  std::atomic<bool> watching{true};
  std::thread watcher([&] {  // /stats each second, a snapshot each 7 s, RSS/fds each 2 s
    httplib::Client c = local_client(server.port());
    c.set_keep_alive(true);
    for (int tick = 0; watching; ++tick) {
      soak.stats_sample(c);
      if (tick % 2 == 0) {
        auto s = soak.sample(now_s(), live_count());
        std::lock_guard lock(people_mu);
        samples.push_back(s);
      }
      if (tick % 7 == 3 && !stop) soak.snapshot(c, live_people());
      std::this_thread::sleep_for(milliseconds(1000));
    }
  });

  std::mt19937 rng(20260);
  long skipped = 0;
  std::set<std::string> without_swot;
  std::vector<double> drain_seconds;
  // Traffic until `until` seconds into the run; then everyone still around exits,
  // owed SWOTs are awaited, and the server is left idle for 3 s.
  auto phase = [&](double until) {
    while (now_s() < until) {
      if (live_count() < max_live) {
        std::lock_guard lock(people_mu);
        people.push_back(std::make_unique<Person>());
        Person* p = people.back().get();
        threads.emplace_back([&soak, p, seed = rng()] { soak.candidate(*p, std::mt19937(seed)); });
      } else {
        ++skipped;
      }
      std::exponential_distribution<double> gap(1.0 / static_cast<double>(arrival_ms));
      auto wait = std::min<double>(gap(rng), 4.0 * static_cast<double>(arrival_ms));
      std::this_thread::sleep_for(milliseconds(static_cast<long>(wait)));
    }
    stop = true;  // everyone still around exits
    for (auto& t : threads) t.join();
    threads.clear();
    stop = false;
    // Owed SWOTs are made (by the closing step or, for expiries, the janitor).
    auto stopped = now_s();
    for (auto& p : people)
      if (p->interviewed && !p->checked) {
        without_swot.insert(p->id);
        p->checked = true;
      }
    auto drain_deadline = Clock::now() + std::chrono::seconds(90);
    while (!without_swot.empty() && Clock::now() < drain_deadline) {
      for (auto it = without_swot.begin(); it != without_swot.end();) {
        auto r = get(probe, "/swot/" + *it);
        it = r.status == 200 ? without_swot.erase(it) : std::next(it);
      }
      if (!without_swot.empty()) std::this_thread::sleep_for(milliseconds(500));
    }
    drain_seconds.push_back(now_s() - stopped);
    probe.stop();
    std::this_thread::sleep_for(milliseconds(3000));  // idle connections close
  };
  // A first third warms the pools (model connections, store readers); the idle
  // descriptors after it are the baseline the idle ones after the rest must keep.
  phase(static_cast<double>(seconds) / 3);
  const Sample warm = soak.sample(now_s(), 0);
  const auto kinds_warm = fd_kinds(server.pid(), server.port());
  phase(static_cast<double>(seconds) + (now_s() - static_cast<double>(seconds) / 3));
  watching = false;
  watcher.join();
  const double run_seconds = now_s();
  std::this_thread::sleep_for(milliseconds(1000));  // the watcher's connection closes
  const Sample after = soak.sample(now_s(), 0);
  const auto kinds_after = fd_kinds(server.pid(), server.port());
  if (long hold = env_long("SOAK_HOLD_SECONDS", 0); hold > 0) {  // time to look at the server by hand
    MESSAGE("server pid " << server.pid() << " held for " << hold << " s");
    std::this_thread::sleep_for(std::chrono::seconds(hold));
  }
  std::vector<Person*> interviewed;
  for (auto& p : people)
    if (p->interviewed) interviewed.push_back(p.get());

  // Figures.
  json figures;
  figures["seconds"] = run_seconds;
  figures["swot_drain_seconds"] = drain_seconds;
  figures["candidates"] = static_cast<long>(people.size());
  figures["arrivals_skipped_at_cap"] = skipped;
  figures["ends"] = soak.ends_;
  figures["interviewed"] = static_cast<long>(interviewed.size());
  figures["stats_samples"] = soak.stats_checked_;
  figures["max_in_session_per_stats"] = soak.max_in_use_;
  figures["snapshots_checked"] = soak.snapshots_checked_;
  figures["snapshots_retried_line_moving"] = soak.snapshots_moving_;
  figures["max_waiting_in_a_snapshot"] = soak.max_waiting_seen_;
  long requests = 0;
  for (auto& [route, v] : soak.latency_) {
    requests += static_cast<long>(v.size());
    figures["routes"][route] = {{"requests", v.size()},
                                {"by_status", soak.by_status_[route]},
                                {"p50_ms", quantile(v, 0.5)},
                                {"p95_ms", quantile(v, 0.95)},
                                {"p99_ms", quantile(v, 0.99)},
                                {"max_ms", quantile(v, 1.0)}};
  }
  figures["requests"] = requests;
  figures["model_calls"] = model.request_count();
  std::size_t n = samples.size();
  REQUIRE(n >= 9);
  figures["rss_kib"] = {{"before", before.rss_kib}, {"first", samples.front().rss_kib},
                        {"mid", samples[n / 2].rss_kib}, {"last", samples.back().rss_kib},
                        {"after", after.rss_kib}, {"max", std::max_element(samples.begin(), samples.end(), [](auto& a, auto& b) { return a.rss_kib < b.rss_kib; })->rss_kib},
                        {"median_middle_third", median_of(samples, n / 3, 2 * n / 3)},
                        {"median_last_third", median_of(samples, 2 * n / 3, n)}};
  figures["fds"] = {{"before", before.fds}, {"first", samples.front().fds}, {"mid", samples[n / 2].fds},
                    {"last", samples.back().fds}, {"idle_after_first_third", warm.fds}, {"after", after.fds},
                    {"kinds_before", kinds_before}, {"kinds_idle_after_first_third", kinds_warm}, {"kinds_after", kinds_after},
                    {"max", std::max_element(samples.begin(), samples.end(), [](auto& a, auto& b) { return a.fds < b.fds; })->fds}};
  figures["failures"] = soak.failure_count_;
  MESSAGE("soak figures: " << figures.dump());
  if (const char* out = std::getenv("SOAK_REPORT"); out && *out) std::ofstream(out) << figures.dump(2) << "\n";

  // Throughout.
  INFO("first failures: " << json(soak.failures_).dump(1));
  CHECK(soak.failure_count_ == 0);
  CHECK(soak.stats_checked_ >= seconds / 2);
  CHECK(soak.snapshots_checked_ >= seconds / 30);
  CHECK(soak.max_in_use_ <= kSessionLimit);
  CHECK(soak.ends_["expired_by_janitor"] + soak.ends_["concluded_by_respond"] >= 1);  // the janitor's expiries ran
  CHECK(soak.ends_["exit_in_session"] >= 1);
  CHECK(soak.ends_["exit_while_waiting"] + soak.ends_["exit_at_stop"] >= 1);

  // At the end.
  CHECK_MESSAGE(without_swot.empty(), without_swot.size() << " interviewed candidates without a SWOT after 90 s");
  CHECK(store.count("in_session") == 0);
  CHECK(store.count("queue") == 0);
  CHECK(store.count("users") == soak.created_);
  httplib::Client last = local_client(server.port());
  for (auto& p : people) {
    if (p->id.empty()) continue;
    auto r = get(last, "/status/" + p->id);
    CHECK_MESSAGE(r.status == 200, p->id << ": " << r.raw);
    if (r.status != 200) continue;
    auto doc = store.get("users", p->id);
    REQUIRE(doc);
    auto& f = doc->fields;
    if (p->interviewed) {
      CHECK_MESSAGE(r.body.value("status", "") == "session_over", p->id << " ended as " << p->end << ": " << r.raw);
      CHECK_MESSAGE(f.value("swot_status", "") == "done", p->id << ": " << f.value("swot_status", ""));
      CHECK(f.value("swot_fallback", true) == false);
      for (const char* k : {"strengths", "weaknesses", "opportunities", "threats"})
        CHECK_MESSAGE(f["swot_analysis"][k].is_array(), p->id << " swot lacks " << k);
      std::map<std::string, int> recorded;
      for (auto& e : f["interview_history"])
        if (e.value("role", "") == "user") ++recorded[e.value("message", "")];
      for (auto& a : p->accepted) CHECK_MESSAGE(recorded[a] == 1, p->id << ": '" << a << "' recorded " << recorded[a]);
      for (auto& [m, k] : recorded) CHECK_MESSAGE(k <= 1, p->id << ": '" << m << "' recorded " << k << " times");
    }
  }
  // Flat: descriptors idle-to-idle, RSS last third against the middle third.
  // Descriptors, by kind, idle after the run: those of no pool exactly as before
  // it; each pool's within its configured size (they open lazily, so "as after
  // the warm-up" would depend on which workers the warm-up happened to touch).
  const std::string db = store.data_dir() + "/interview.db";
  std::map<std::string, int> rest_before = kinds_before, rest_after = kinds_after;
  auto take = [](std::map<std::string, int>& m, const std::string& k) {
    int n = m.count(k) ? m[k] : 0;
    m.erase(k);
    return n;
  };
  const std::string model_peer = "socket peer :" + std::to_string(model.port());
  INFO("fds by kind before " << json(kinds_before).dump() << ", after " << json(kinds_after).dump());
  CHECK(take(rest_after, model_peer) <= kLlmPool);               // one kept-alive connection per model worker
  CHECK(take(rest_after, "socket (not tcp4)") <= 2 * kLlmPool);  // libcurl's wake-up socketpair per worker's handle
  CHECK(take(rest_after, db) <= kStoreReaders + 1);              // pooled readers and the writer
  CHECK(take(rest_after, db + "-wal") <= kStoreReaders + 1);
  take(rest_before, model_peer), take(rest_before, "socket (not tcp4)"), take(rest_before, db), take(rest_before, db + "-wal");
  take(rest_before, "socket client (state 01)");  // the start-up probe's connection
  CHECK(rest_after == rest_before);  // listener, shm, pipes, eventfds, /dev/null: no client socket left
  CHECK_MESSAGE(after.fds <= warm.fds + 3 * kLlmPool + 2 * kStoreReaders,
                "open fds idle after the first third " << warm.fds << ", idle after the run " << after.fds);
  double mid = median_of(samples, n / 3, 2 * n / 3), end = median_of(samples, 2 * n / 3, n);
  CHECK_MESSAGE(end <= mid * 1.15 + 8192, "RSS median middle third " << mid << " KiB, last third " << end << " KiB");
}
