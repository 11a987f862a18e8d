// Cloud Storage: the FileStorage port over the JSON API against the stand-in
// (tests/support/fake_gcs_server): the requests' paths, encoding, bearer
// token and content type; 404/401/429/503 and transport failures; retries;
// unsafe paths refused before any request; the real metadata-server auth path.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "gcp/auth/google_auth.hpp"
#include "gcp/auth/token_source.hpp"
#include "gcp/storage/cloud_storage.hpp"
#include "tests/support/fake_gcs_server.hpp"

using namespace interview;
using namespace interview::gcp;
using interview::testing::FakeGcsOptions;
using interview::testing::FakeGcsServer;
using interview::testing::kFakeGcsToken;

namespace {

constexpr const char* kBucket = "interview-resumes";

CloudStorageConfig config_for(const FakeGcsServer& gcs, const std::string& bucket = kBucket) {
  CloudStorageConfig c;
  c.bucket = bucket;
  c.emulator_host = gcs.host_port();
  c.request_timeout = std::chrono::milliseconds(5000);
  return c;
}

FakeGcsOptions with_bucket() {
  FakeGcsOptions o;
  o.buckets = {kBucket};
  return o;
}

std::shared_ptr<TokenSource> fixed_token() { return std::make_shared<StaticTokenSource>(kFakeGcsToken); }

// "stale" until invalidated once (or always, with `keep_stale`); counts the invalidations.
class ScriptedTokens final : public TokenSource {
 public:
  explicit ScriptedTokens(bool keep_stale = false) : keep_stale_(keep_stale) {}
  Result<std::string> token() override {
    return (invalidations > 0 && !keep_stale_) ? std::string(kFakeGcsToken) : std::string("ya29.stale-token");
  }
  void invalidate() override { ++invalidations; }
  std::string describe() const override { return "scripted"; }
  std::atomic<int> invalidations{0};

 private:
  bool keep_stale_;
};

class FailingTokens final : public TokenSource {
 public:
  Result<std::string> token() override {
    ++calls;
    return make_error(ErrorKind::unavailable, "metadata server token: answered HTTP 500");
  }
  std::string describe() const override { return "failing"; }
  std::atomic<int> calls{0};
};

// Bytes a text round trip would break: NUL, CR LF, high bytes.
std::string binary_bytes() {
  std::string s = "%PDF-1.4\n";
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  s += "\r\n\0tail";
  s.push_back('\0');
  return s;
}

bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("cloud storage: api_root is the emulator (host:port or URL) or base_url, without a trailing '/'") {
  CloudStorageConfig c;
  CHECK(c.api_root() == "https://storage.googleapis.com");
  c.base_url = "https://storage.example.test/";
  CHECK(c.api_root() == "https://storage.example.test");
  c.emulator_host = "127.0.0.1:4443";
  CHECK(c.uses_emulator());
  CHECK(c.api_root() == "http://127.0.0.1:4443");
  c.emulator_host = "http://localhost:9023/";
  CHECK(c.api_root() == "http://localhost:9023");
}

TEST_CASE("cloud storage: put, get and remove speak the JSON API with the bearer token and the content type") {
  FakeGcsServer gcs(with_bucket());
  REQUIRE(gcs.running());
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  CHECK(storage->folder() == "resume");
  CHECK(storage->bucket() == std::optional<std::string>(kBucket));
  CHECK(storage->describe() == "gs://interview-resumes");

  const std::string bytes = binary_bytes();
  REQUIRE(storage->put("resume/0123abcd.pdf", bytes, "application/pdf").ok());
  auto kept = gcs.object(kBucket, "resume/0123abcd.pdf");
  REQUIRE(kept.has_value());
  CHECK(kept->bytes == bytes);
  CHECK(kept->content_type == "application/pdf");

  auto got = storage->get("resume/0123abcd.pdf");
  REQUIRE(got.ok());
  CHECK(*got == bytes);

  REQUIRE(storage->remove("resume/0123abcd.pdf").ok());
  CHECK_FALSE(gcs.object(kBucket, "resume/0123abcd.pdf").has_value());

  auto reqs = gcs.storage_requests();
  REQUIRE(reqs.size() == 3);
  CHECK(reqs[0].method == "POST");
  CHECK(reqs[0].path == "/upload/storage/v1/b/interview-resumes/o");
  CHECK(reqs[0].query == "uploadType=media&name=resume%2F0123abcd.pdf");
  CHECK(reqs[0].param("name") == "resume/0123abcd.pdf");
  CHECK(reqs[0].content_type == "application/pdf");
  CHECK(reqs[0].body == bytes);
  CHECK(reqs[1].method == "GET");
  CHECK(reqs[1].path == "/storage/v1/b/interview-resumes/o/resume%2F0123abcd.pdf");
  CHECK(reqs[1].query == "alt=media");
  CHECK(reqs[2].method == "DELETE");
  CHECK(reqs[2].path == "/storage/v1/b/interview-resumes/o/resume%2F0123abcd.pdf");
  CHECK(reqs[2].query.empty());
  for (const auto& r : reqs) CHECK(r.authorization == std::string("Bearer ") + kFakeGcsToken);
}

TEST_CASE("cloud storage: every byte outside the unreserved set is encoded, in the path form and in name=") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs, "my.bucket_1-x"), fixed_token());
  REQUIRE(storage->put("resume/deep/A-b_c.9.docx", "PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document").ok());
  REQUIRE(storage->get("resume/deep/A-b_c.9.docx").ok());
  auto reqs = gcs.storage_requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].path == "/upload/storage/v1/b/my.bucket_1-x/o");
  CHECK(reqs[0].query == "uploadType=media&name=resume%2Fdeep%2FA-b_c.9.docx");
  CHECK(reqs[0].content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(reqs[1].path == "/storage/v1/b/my.bucket_1-x/o/resume%2Fdeep%2FA-b_c.9.docx");
  CHECK(gcs.object("my.bucket_1-x", "resume/deep/A-b_c.9.docx").has_value());
}

TEST_CASE("cloud storage: an empty file round-trips; a put replaces what was there") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  REQUIRE(storage->put("resume/e.txt", "", "text/plain; charset=utf-8").ok());
  auto got = storage->get("resume/e.txt");
  REQUIRE(got.ok());
  CHECK(got->empty());
  REQUIRE(storage->put("resume/e.txt", "second", "text/plain; charset=utf-8").ok());
  CHECK(*storage->get("resume/e.txt") == "second");
  CHECK(gcs.object_count() == 1);
}

TEST_CASE("cloud storage: a missing object is not_found on get, and done on remove") {
  FakeGcsServer gcs(with_bucket());
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  auto got = storage->get("resume/absent.pdf");
  REQUIRE_FALSE(got.ok());
  CHECK(got.error().kind == ErrorKind::not_found);
  CHECK(mentions(got.error().message, "gs://interview-resumes"));
  CHECK(storage->remove("resume/absent.pdf").ok());
  // One request each: a 404 is an answer, not a failure to retry.
  CHECK(gcs.storage_requests().size() == 2);
}

TEST_CASE("cloud storage: ping lists at most one object under the folder; a missing bucket fails naming it") {
  FakeGcsServer gcs(with_bucket());
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  REQUIRE(storage->ping().ok());
  auto reqs = gcs.storage_requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "GET");
  CHECK(reqs[0].path == "/storage/v1/b/interview-resumes/o");
  CHECK(reqs[0].param("maxResults") == "1");
  CHECK(reqs[0].param("prefix") == "resume/");
  CHECK(mentions(reqs[0].query, "prefix=resume%2F"));

  auto other = make_cloud_storage(config_for(gcs, "no-such-bucket"), fixed_token());
  auto st = other->ping();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(mentions(st.error().message, "gs://no-such-bucket"));
  CHECK(mentions(st.error().message, "HTTP 404"));
  // An upload to it fails the same way and keeps nothing.
  auto put = other->put("resume/x.pdf", "%PDF", "application/pdf");
  REQUIRE_FALSE(put.ok());
  CHECK(put.error().kind == ErrorKind::unavailable);
  CHECK(gcs.object_count() == 0);
}

TEST_CASE("cloud storage: unsafe paths are refused as bad_request without any request") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  const std::vector<std::string> paths = {
      "", "/etc/passwd", "../secret.pdf", "resume/../../x.pdf", "resume/./x.pdf", "resume//x.pdf", "resume/x.pdf/",
        "resume/x y.pdf", "resume/x.pdf?alt=json", "resume%2Fx.pdf", "resume\\x.pdf", "resume/x.pdf#frag",
        std::string("resume/x\0.pdf", 13), std::string(600, 'a')};
  for (const std::string& path : paths) {
    CAPTURE(path);
    auto put = storage->put(path, "bytes", "application/pdf");
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().kind == ErrorKind::bad_request);
    auto got = storage->get(path);
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::bad_request);
    auto removed = storage->remove(path);
    REQUIRE_FALSE(removed.ok());
    CHECK(removed.error().kind == ErrorKind::bad_request);
  }
  CHECK(gcs.request_count() == 0);
  CHECK(gcs.object_count() == 0);
}

TEST_CASE("cloud storage: 503 is retried with backoff up to max_call_attempts, then unavailable naming bucket and status") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());

  SUBCASE("two failures, then the third attempt keeps the file") {
    gcs.set_failure(503, 2);
    REQUIRE(storage->put("resume/r.pdf", "%PDF", "application/pdf").ok());
    CHECK(gcs.storage_requests().size() == 3);
    CHECK(gcs.object("interview-resumes", "resume/r.pdf").has_value());
  }
  SUBCASE("failing throughout: exactly three attempts, nothing kept, no body text in the message") {
    gcs.set_failure(503);
    auto st = storage->put("resume/r.pdf", "%PDF", "application/pdf");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == ErrorKind::unavailable);
    CHECK(mentions(st.error().message, "gs://interview-resumes"));
    CHECK(mentions(st.error().message, "HTTP 503"));
    CHECK_FALSE(mentions(st.error().message, "internal error"));  // the stand-in's error body
    CHECK_FALSE(mentions(st.error().message, "ya29"));
    CHECK(gcs.storage_requests().size() == 3);
    CHECK(gcs.object_count() == 0);

    auto got = storage->get("resume/r.pdf");
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == ErrorKind::unavailable);  // not "not found": we do not know
    CHECK_FALSE(storage->remove("resume/r.pdf").ok());
    CHECK_FALSE(storage->ping().ok());
    CHECK(gcs.storage_requests().size() == 12);
  }
  SUBCASE("max_call_attempts = 1: no retry") {
    auto config = config_for(gcs);
    config.max_call_attempts = 1;
    auto once = make_cloud_storage(config, fixed_token());
    gcs.set_failure(500);
    CHECK_FALSE(once->put("resume/r.pdf", "%PDF", "application/pdf").ok());
    CHECK(gcs.storage_requests().size() == 1);
  }
}

TEST_CASE("cloud storage: 429 is retried after the server's Retry-After") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  gcs.set_failure(429, 1, 1);
  auto started = std::chrono::steady_clock::now();
  REQUIRE(storage->put("resume/q.pdf", "%PDF", "application/pdf").ok());
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(gcs.storage_requests().size() == 2);
  // A lower bound only: the wait is at least the second the server asked for.
  CHECK(waited >= std::chrono::milliseconds(1000));
}

TEST_CASE("cloud storage: other 4xx answers are not retried") {
  FakeGcsServer gcs;
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  gcs.set_failure(403, 1);
  auto st = storage->put("resume/f.pdf", "%PDF", "application/pdf");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(mentions(st.error().message, "HTTP 403"));
  CHECK(gcs.storage_requests().size() == 1);
}

TEST_CASE("cloud storage: 401 drops the token and retries once with a fresh one") {
  FakeGcsServer gcs;
  SUBCASE("the fresh token is accepted") {
    auto tokens = std::make_shared<ScriptedTokens>();
    auto storage = make_cloud_storage(config_for(gcs), tokens);
    REQUIRE(storage->put("resume/t.pdf", "%PDF", "application/pdf").ok());
    CHECK(tokens->invalidations == 1);
    auto reqs = gcs.storage_requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].authorization == "Bearer ya29.stale-token");
    CHECK(reqs[1].authorization == std::string("Bearer ") + kFakeGcsToken);
  }
  SUBCASE("a token rejected twice fails at once, naming the status and not the token") {
    auto tokens = std::make_shared<ScriptedTokens>(true);
    auto storage = make_cloud_storage(config_for(gcs), tokens);
    auto st = storage->put("resume/t.pdf", "%PDF", "application/pdf");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == ErrorKind::unavailable);
    CHECK(mentions(st.error().message, "HTTP 401"));
    CHECK_FALSE(mentions(st.error().message, "stale"));
    CHECK(tokens->invalidations == 1);
    CHECK(gcs.storage_requests().size() == 2);
    CHECK(gcs.object_count() == 0);
  }
}

TEST_CASE("cloud storage: a token source that fails is retried, then the call fails without a request") {
  FakeGcsServer gcs;
  auto tokens = std::make_shared<FailingTokens>();
  auto storage = make_cloud_storage(config_for(gcs), tokens);
  auto st = storage->put("resume/t.pdf", "%PDF", "application/pdf");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(mentions(st.error().message, "gs://interview-resumes"));
  CHECK(tokens->calls == 3);
  CHECK(gcs.request_count() == 0);
}

TEST_CASE("cloud storage: the real auth path asks the metadata server, then sends its token") {
  FakeGcsServer gcs(with_bucket());
  GoogleAuthConfig auth;
  auth.metadata_host = gcs.host_port();  // as GCE_METADATA_HOST holds it
  auto tokens = make_google_token_source(auth);
  REQUIRE(tokens.ok());
  auto storage = make_cloud_storage(config_for(gcs), *tokens);
  REQUIRE(storage->put("resume/m.pdf", "%PDF", "application/pdf").ok());
  REQUIRE(storage->ping().ok());
  auto reqs = gcs.requests();
  REQUIRE(reqs.size() == 3);  // one token fetch, cached for both calls
  CHECK(reqs[0].token_request);
  CHECK(reqs[0].metadata_flavor == "Google");
  CHECK(reqs[1].authorization == std::string("Bearer ") + kFakeGcsToken);
  CHECK(reqs[2].authorization == std::string("Bearer ") + kFakeGcsToken);
}

TEST_CASE("cloud storage: a server gone is unavailable naming the bucket; back on the same port, it works again") {
  FakeGcsServer gcs(with_bucket());
  auto storage = make_cloud_storage(config_for(gcs), fixed_token());
  REQUIRE(storage->ping().ok());
  const int port = gcs.port();
  gcs.stop();
  CHECK_FALSE(gcs.running());
  auto st = storage->ping();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::unavailable);
  CHECK(mentions(st.error().message, "gs://interview-resumes"));
  CHECK_FALSE(storage->put("resume/g.pdf", "%PDF", "application/pdf").ok());
  REQUIRE(gcs.start());
  CHECK(gcs.port() == port);
  CHECK(storage->ping().ok());
  CHECK(storage->put("resume/g.pdf", "%PDF", "application/pdf").ok());
}

TEST_CASE("cloud storage: a server that accepts and never answers is a timeout") {
  // A listening socket nobody accepts on: the kernel completes the connect,
  // the request is sent, no answer ever comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 8) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  CloudStorageConfig c;
  c.bucket = kBucket;
  c.emulator_host = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  c.request_timeout = std::chrono::milliseconds(200);
  c.max_call_attempts = 1;
  auto storage = make_cloud_storage(c, fixed_token());
  auto st = storage->put("resume/s.pdf", "%PDF", "application/pdf");
  ::close(fd);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().kind == ErrorKind::timeout);
  CHECK(mentions(st.error().message, "gs://interview-resumes"));
}
