#pragma once
// Small HTTP helpers for the integration tests.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace interview::testing {

struct Reply {
  int status = 0;
  nlohmann::json body;
  std::string raw;
};

Reply to_reply(const httplib::Result& r);
Reply get(httplib::Client& c, const std::string& path);
Reply post_json(httplib::Client& c, const std::string& path, const std::string& body);
Reply post_empty(httplib::Client& c, const std::string& path);

struct Candidate {
  std::string first_name = "Ada";
  std::string last_name = "Lovelace";
  std::string email = "ada@example.com";
  std::string phone = "+44 20 7946 0000";
  std::string resume = "Ada Lovelace\nSkills: Python, React, Google Cloud, Kubernetes\n";
  std::string resume_filename = "resume.txt";
};

httplib::MultipartFormDataItems form_of(const Candidate& c);
Reply create_user(httplib::Client& c, const Candidate& candidate = {});
// Creates a candidate and returns the user id (fails the test on error).
std::string new_user(httplib::Client& c, const Candidate& candidate = {});
// Creates a candidate who joins and is placed in a session at once (fails the
// test otherwise); returns the user id.
std::string seated_user(httplib::Client& c, const Candidate& candidate = {});

// The body of GET /status/{id}.
nlohmann::json status_body(httplib::Client& c, const std::string& id);
// Creates a candidate and waits (up to 10 s) until the in-process join has
// placed them, waiting or in session, so the queue order is the creation order.
std::string placed_user(httplib::Client& c);

// Runs f(0..n-1) on `threads` threads, each taking the next index.
template <class F>
void in_parallel(int n, int threads, F f) {
  std::vector<std::thread> pool;
  std::atomic<int> next{0};
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) f(i);
    });
  for (auto& th : pool) th.join();
}

// A whole file's bytes (fails the test when it cannot be read).
std::string read_file(const std::string& path);
// A resume fixture of tests/resume/fixtures, by file name.
std::string resume_fixture(const std::string& name);

// The documents of one collection in an embedded store file (read-only).
int count_documents(const std::string& db_path, const std::string& collection);

}  // namespace interview::testing
