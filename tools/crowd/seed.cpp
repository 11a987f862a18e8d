#include "seed.hpp"

#include "http_response.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace crowd {
namespace {

// About 1.5 KB of plain text, like a short real resume; a few technologies the
// offline interviewer recognises.
const char* kResume =
    "Jordan Example - Full Stack Cloud Engineer\n"
    "Email: jordan@example.com | Phone: +1 555 0100 | Remote\n\n"
    "SUMMARY\n"
    "Full stack engineer with six years of experience building web products end to end.\n"
    "Comfortable owning a feature from the database schema to the React component, and\n"
    "running it in production on Google Cloud.\n\n"
    "EXPERIENCE\n"
    "Senior Software Engineer, Acme Analytics (2021 - present)\n"
    "- Built the customer dashboard in React and TypeScript, with server-side rendering in Next.js.\n"
    "- Designed REST APIs in Python with FastAPI; moved two Flask services onto it.\n"
    "- Ran the services on Google Cloud Run with Cloud SQL (PostgreSQL) and Pub/Sub; cut p99\n"
    "  latency from 800 ms to 120 ms by adding caching and fixing N+1 queries.\n"
    "- Set up CI/CD with GitHub Actions and Terraform; on-call for the platform team.\n\n"
    "Software Engineer, Brightside Retail (2018 - 2021)\n"
    "- Django back office for 300 stores; Celery jobs for nightly inventory reconciliation.\n"
    "- Migrated the storefront from jQuery to React; introduced unit and end-to-end tests.\n"
    "- Containerised the stack with Docker and ran it on Kubernetes (GKE).\n\n"
    "SKILLS\n"
    "Languages: Python, JavaScript, TypeScript, SQL, Go (basic)\n"
    "Frameworks: React, Next.js, FastAPI, Flask, Django, Node.js\n"
    "Cloud: Google Cloud (Cloud Run, Cloud SQL, Pub/Sub, Firestore, BigQuery), Docker, Kubernetes\n\n"
    "EDUCATION\n"
    "B.Sc. Computer Science, State University, 2018\n";

struct BlockingConn {
  const Target& target;
  const std::vector<in_addr>& sources;
  size_t source_index;
  double timeout_seconds;
  int fd = -1;
  ResponseParser parser{true};

  ~BlockingConn() { close_fd(); }
  void close_fd() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    parser.reset();
  }

  bool open(std::string& err) {
    close_fd();
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      err = std::string("socket: ") + std::strerror(errno);
      return false;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_seconds);
    tv.tv_usec = static_cast<suseconds_t>((timeout_seconds - static_cast<double>(tv.tv_sec)) * 1e6);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (!sources.empty()) {
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr = sources[source_index % sources.size()];
      if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        err = std::string("bind: ") + std::strerror(errno);
        close_fd();
        return false;
      }
    }
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&target.addr), sizeof target.addr) != 0) {
      err = std::string("connect: ") + std::strerror(errno);
      close_fd();
      return false;
    }
    return true;
  }

  // Sends one request and reads its response; reconnects once if a kept-alive
  // connection turns out to be closed before any answer.
  bool request(const std::string& req, Response& out, std::string& err) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      bool reused = fd >= 0;
      if (fd < 0 && !open(err)) return false;
      if (!send_all(req, err)) {
        close_fd();
        if (reused) continue;
        return false;
      }
      bool got_any = false;
      char buf[16384];
      while (true) {
        auto r = parser.next(out);
        if (r == ResponseParser::Result::complete) {
          if (out.close) close_fd();
          return true;
        }
        if (r == ResponseParser::Result::error) {
          err = "bad response: " + parser.error();
          close_fd();
          return false;
        }
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
          got_any = true;
          parser.feed(buf, static_cast<size_t>(n));
          continue;
        }
        if (n == 0 && parser.at_eof(out) == ResponseParser::Result::complete) {
          close_fd();
          return true;
        }
        err = n == 0 ? "connection closed before the answer" : std::string("recv: ") + std::strerror(errno);
        close_fd();
        if (reused && !got_any && n == 0) break;  // stale keep-alive connection: retry once
        return false;
      }
    }
    return false;
  }

  bool send_all(const std::string& s, std::string& err) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        err = std::string("send: ") + std::strerror(errno);
        return false;
      }
      off += static_cast<size_t>(n);
    }
    return true;
  }
};

}  // namespace

std::string candidate_form(size_t i, const std::string& boundary) {
  std::string body;
  auto field = [&](const char* name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  };
  field("first_name", "Crowd");
  field("last_name", "Candidate" + std::to_string(i));
  field("email", "crowd" + std::to_string(i) + "@example.com");
  field("phone", "+1 555 " + std::to_string(1000000 + i).substr(1));
  body += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"resume\"; filename=\"resume.txt\"\r\n"
          "Content-Type: text/plain\r\n\r\n";
  body += kResume;
  body += "\r\n--" + boundary + "--\r\n";
  return body;
}

SeedResult seed_candidates(const Target& target, const std::vector<in_addr>& sources, size_t count,
                           size_t concurrency, double timeout_seconds) {
  SeedResult result;
  result.user_ids.assign(count, std::string());
  std::atomic<size_t> next{0};
  std::atomic<size_t> retries{0};
  std::mutex mu;
  std::string first_error;
  std::map<std::string, size_t> join_words;
  auto start = std::chrono::steady_clock::now();
  if (concurrency == 0) concurrency = 1;
  if (concurrency > count) concurrency = count == 0 ? 1 : count;

  auto worker = [&](size_t w) {
    BlockingConn conn{target, sources, w, timeout_seconds};
    const std::string boundary = "----crowd-boundary-7d3f0a9b";
    while (true) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (!first_error.empty()) return;
      }
      size_t i = next.fetch_add(1);
      if (i >= count) return;
      std::string body = candidate_form(i, boundary);
      std::string create = "POST /users/ HTTP/1.1\r\nHost: " + target.host_header +
                           "\r\nUser-Agent: crowd-seed\r\nAccept: application/json\r\n"
                           "Content-Type: multipart/form-data; boundary=" + boundary +
                           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      std::string user_id, err;
      // Sends `request` up to 4 times (200, 400, 600 ms apart) until a 200
      // answer that `accept` takes; false, with err set, when none did.
      auto post_until = [&](const std::string& request, const std::string& what,
                            const std::function<bool(const Response&)>& accept) {
        for (int attempt = 0; attempt < 4; ++attempt) {
          if (attempt > 0) {
            retries++;
            std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
          }
          Response r;
          if (!conn.request(request, r, err)) continue;
          if (r.status != 200) {
            err = what + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300);
            continue;
          }
          if (accept(r)) return true;
        }
        return false;
      };
      bool created = post_until(create, "POST /users/", [&](const Response& r) {
        try {
          user_id = nlohmann::json::parse(r.body).at("user_id").get<std::string>();
          return true;
        } catch (const std::exception& e) {
          err = std::string("POST /users/ answer without user_id: ") + r.body.substr(0, 300);
          return false;
        }
      });
      if (!created) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.empty()) first_error = err;
        return;
      }
      std::string json = "{\"user_id\":\"" + user_id + "\"}";
      std::string join = "POST /users/join HTTP/1.1\r\nHost: " + target.host_header +
                         "\r\nUser-Agent: crowd-seed\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(json.size()) + "\r\n\r\n" + json;
      std::string word;
      bool joined = post_until(join, "POST /users/join", [&](const Response& r) {
        try {
          word = nlohmann::json::parse(r.body).value("status", "");
        } catch (...) {
          word = "?";
        }
        return true;
      });
      std::lock_guard<std::mutex> lock(mu);
      if (!joined) {
        if (first_error.empty()) first_error = err;
        return;
      }
      result.user_ids[i] = user_id;
      join_words[word]++;
    }
  };

  std::vector<std::thread> threads;
  for (size_t w = 0; w < concurrency; ++w) threads.emplace_back(worker, w);
  for (auto& t : threads) t.join();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.failures = retries.load();
  result.error = first_error;
  for (const auto& [k, v] : join_words) result.join_status[k] = v;
  if (result.error.empty()) {
    for (const auto& id : result.user_ids)
      if (id.empty()) {
        result.error = "some candidates were not created";
        break;
      }
  }
  return result;
}

}  // namespace crowd
