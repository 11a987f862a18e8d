// Google auth: the service-account JWT-bearer grant (RS256, checked with the
// public key), the metadata server, token caching and refresh, and that no
// token or key text reaches an error message.
#include <doctest/doctest.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/settings.hpp"
#include "gcp/auth/base64.hpp"
#include "gcp/auth/cached_token_source.hpp"
#include "gcp/auth/google_auth.hpp"
#include "gcp/auth/jwt.hpp"
#include "gcp/auth/service_account.hpp"
#include "tests/support/scripted_server.hpp"

using namespace interview;
using namespace interview::gcp;
using interview::testing::Reply;
using interview::testing::ScriptedServer;
using nlohmann::json;

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

// A throwaway RSA key pair, as PEM text.
struct TestKey {
  std::string private_pem, public_pem;
  TestKey() {
    std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(2048));
    REQUIRE(key);
    BIO* priv = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_PrivateKey(priv, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
    private_pem = drain(priv);
    BIO* pub = BIO_new(BIO_s_mem());
    REQUIRE(PEM_write_bio_PUBKEY(pub, key.get()) == 1);
    public_pem = drain(pub);
  }
  static std::string drain(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(n));
    BIO_free(bio);
    return out;
  }
};

const TestKey& test_key() {
  static TestKey key;  // RSA generation is slow: once per run
  return key;
}

bool verify_rs256(const std::string& public_pem, const std::string& data, const std::string& signature) {
  BIO* bio = BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size()));
  std::unique_ptr<EVP_PKEY, PkeyFree> key(PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  if (!key) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// Writes a service-account key file; removed with the object.
struct KeyFile {
  std::string path;
  explicit KeyFile(const std::string& token_uri, const std::string& private_key = test_key().private_pem) {
    char tmpl[] = "/tmp/gcp-auth-test-XXXXXX";
    int fd = mkstemp(tmpl);
    REQUIRE(fd >= 0);
    path = tmpl;
    std::ofstream(path) << json{{"type", "service_account"},
                                {"project_id", "demo-project"},
                                {"private_key_id", "key-id-123"},
                                {"private_key", private_key},
                                {"client_email", "runner@demo-project.iam.gserviceaccount.com"},
                                {"token_uri", token_uri}}
                               .dump();
    ::close(fd);
  }
  ~KeyFile() { std::remove(path.c_str()); }
};

Reply token_reply(const std::string& token, int expires_in = 3600) {
  return Reply(200, json{{"access_token", token}, {"expires_in", expires_in}, {"token_type", "Bearer"}}.dump());
}

std::string form_field(const std::string& body, const std::string& name) {
  for (const auto& pair : split(body, '&')) {
    auto eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return "";
}

// A token source for `config` reading `key` (it must build).
std::shared_ptr<TokenSource> key_source(const KeyFile& key, GoogleAuthConfig config = {}) {
  config.credentials_file = key.path;
  auto source = make_google_token_source(config);
  REQUIRE(source.ok());
  return *source;
}

// A token source asking the metadata server at `host` (it must build).
std::shared_ptr<TokenSource> metadata_source(const std::string& host) {
  GoogleAuthConfig config;
  config.metadata_host = host;
  auto source = make_google_token_source(config);
  REQUIRE(source.ok());
  return *source;
}

// The server got one request, `method path` with `header: value`; returns it.
interview::testing::RecordedRequest check_one_request(const ScriptedServer& server, const std::string& method,
                                                      const std::string& path, const std::string& header,
                                                      const std::string& value) {
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == method);
  CHECK(reqs[0].path == path);
  CHECK(reqs[0].header(header) == value);
  return reqs[0];
}

}  // namespace

TEST_CASE("auth: base64 encodes standard and URL alphabets and decodes both") {
  const std::pair<std::string, std::string> standard[] = {{"", ""}, {"f", "Zg=="}, {"foobar", "Zm9vYmFy"},
                                                          {"\xfb\xff", "+/8="}};
  for (const auto& [plain, encoded] : standard) CHECK(base64_encode(plain) == encoded);
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  CHECK(base64_decode("-_8") == std::optional<std::string>("\xfb\xff"));
  CHECK_FALSE(base64_decode("Zm9v!").has_value());
}

TEST_CASE("auth: the service-account grant posts an RS256 JWT with Google's claims") {
  ScriptedServer server;
  server.then(token_reply("ya29.first-token"));
  const std::string token_uri = server.base_url() + "/token";
  KeyFile key(token_uri);
  auto source = key_source(key);
  auto before = std::chrono::system_clock::now();
  auto token = source->token();
  REQUIRE(token.ok());
  CHECK(*token == "ya29.first-token");

  auto request = check_one_request(server, "POST", "/token", "Content-Type", "application/x-www-form-urlencoded");
  CHECK(form_field(request.body, "grant_type") == "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
  auto parts = split(form_field(request.body, "assertion"), '.');
  REQUIRE(parts.size() == 3);
  json header = json::parse(base64_decode(parts[0]).value());
  json claims = json::parse(base64_decode(parts[1]).value());
  CHECK(header == json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "key-id-123"}});
  CHECK(claims["iss"] == "runner@demo-project.iam.gserviceaccount.com");
  CHECK(claims["scope"] == "https://www.googleapis.com/auth/cloud-platform");
  CHECK(claims["aud"] == token_uri);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count();
  CHECK(claims["iat"].get<long long>() >= now - 1);
  CHECK(claims["iat"].get<long long>() <= now + 5);
  CHECK(claims["exp"].get<long long>() - claims["iat"].get<long long>() == 3600);
  // The signature verifies with the public half of the key.
  auto signature = base64_decode(parts[2]).value();
  CHECK(verify_rs256(test_key().public_pem, parts[0] + "." + parts[1], signature));
  CHECK_FALSE(verify_rs256(test_key().public_pem, parts[0] + "." + parts[1] + "x", signature));
}

TEST_CASE("auth: GOOGLE_TOKEN_URI redirects the post but aud stays the key's token_uri") {
  ScriptedServer server;
  server.then(token_reply("ya29.redirected"));
  KeyFile key("https://oauth2.googleapis.com/token");
  GoogleAuthConfig config;
  config.token_uri = server.base_url() + "/custom";
  auto source = key_source(key, config);
  REQUIRE(source->token().ok());
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].path == "/custom");
  auto parts = split(form_field(reqs[0].body, "assertion"), '.');
  REQUIRE(parts.size() == 3);
  CHECK(json::parse(base64_decode(parts[1]).value())["aud"] == "https://oauth2.googleapis.com/token");
}

TEST_CASE("auth: a token is fetched once for many concurrent callers") {
  ScriptedServer server;
  server.then(token_reply("ya29.shared"));
  server.otherwise(token_reply("ya29.second-fetch"));
  KeyFile key(server.base_url() + "/token");
  auto source = key_source(key);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto token = source->token();
        if (!token.ok() || *token != "ya29.shared") wrong++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("auth: the cache refreshes before expiry and survives a failed early refresh") {
  using namespace std::chrono;
  auto now = steady_clock::now();
  int fetches = 0;
  bool fail = false;
  TokenCacheOptions options;
  options.refresh_margin = seconds(300);
  options.clock = [&] { return now; };
  CachingTokenSource source(
      [&]() -> Result<AccessToken> {
        ++fetches;
        if (fail) return make_error(ErrorKind::unavailable, "token endpoint down");
        return AccessToken{"token-" + std::to_string(fetches), seconds(3600)};
      },
      "test", options);
  REQUIRE(source.token().ok());
  CHECK(*source.token() == "token-1");
  now += seconds(3299);  // 301 s left: still outside the margin
  CHECK(*source.token() == "token-1");
  CHECK(fetches == 1);
  now += seconds(2);  // 299 s left: refresh now, before expiry
  CHECK(*source.token() == "token-2");
  CHECK(fetches == 2);

  fail = true;
  now += seconds(3400);  // in the margin; the refresh fails, the old token still works
  auto still = source.token();
  REQUIRE(still.ok());
  CHECK(*still == "token-2");
  now += seconds(300);  // now expired: the failure surfaces
  CHECK_FALSE(source.token().ok());

  fail = false;
  source.invalidate();
  CHECK(*source.token() != "token-2");
}

TEST_CASE("auth: short-lived tokens refresh at half their lifetime") {
  using namespace std::chrono;
  auto now = steady_clock::now();
  int fetches = 0;
  TokenCacheOptions options;
  options.clock = [&] { return now; };
  CachingTokenSource source([&]() -> Result<AccessToken> { return AccessToken{"t" + std::to_string(++fetches), seconds(60)}; },
                            "test", options);
  CHECK(*source.token() == "t1");
  now += seconds(29);
  CHECK(*source.token() == "t1");
  now += seconds(2);
  CHECK(*source.token() == "t2");
}

TEST_CASE("auth: the metadata server is asked with Metadata-Flavor: Google") {
  ScriptedServer metadata;
  metadata.then(token_reply("ya29.from-metadata", 1800));
  auto source = metadata_source(metadata.host_port());  // host:port, as GCE_METADATA_HOST holds it
  CHECK(source->describe().find("metadata") != std::string::npos);
  for (int i = 0; i < 5; ++i) {
    auto token = source->token();
    REQUIRE(token.ok());
    CHECK(*token == "ya29.from-metadata");
  }
  check_one_request(metadata, "GET", "/computeMetadata/v1/instance/service-accounts/default/token", "Metadata-Flavor",
                    "Google");
}

TEST_CASE("auth: configuration comes from the environment") {
  ScriptedServer metadata;
  metadata.then(token_reply("ya29.env"));
  ::unsetenv("GOOGLE_APPLICATION_CREDENTIALS");
  ::setenv("GCE_METADATA_HOST", metadata.host_port().c_str(), 1);
  auto source = make_google_token_source(load_google_auth_config(process_env()));
  ::unsetenv("GCE_METADATA_HOST");
  REQUIRE(source.ok());
  CHECK(*(*source)->token() == "ya29.env");
}

TEST_CASE("auth: errors never contain tokens, assertions or key text") {
  SUBCASE("token endpoint refuses the grant") {
    ScriptedServer server;
    server.then(Reply(400, R"({"error":"invalid_grant","error_description":"bad ya29.leaked-token"})"));
    KeyFile key(server.base_url() + "/token");
    auto source = key_source(key);
    auto token = source->token();
    REQUIRE_FALSE(token.ok());
    const auto& message = token.error().message;
    CHECK(message.find("HTTP 400") != std::string::npos);
    CHECK(message.find("invalid_grant") != std::string::npos);
    CHECK(message.find("ya29") == std::string::npos);
    CHECK(message.find("assertion") == std::string::npos);
    CHECK(message.find("BEGIN") == std::string::npos);
    CHECK(source->describe().find("BEGIN") == std::string::npos);
  }
  SUBCASE("the key is not a key") {
    KeyFile key("http://127.0.0.1:1/token", "-----BEGIN PRIVATE KEY-----\nMIIEsecretmaterial\n-----END PRIVATE KEY-----\n");
    auto token = key_source(key)->token();
    REQUIRE_FALSE(token.ok());
    CHECK(token.error().message.find("private_key") != std::string::npos);
    CHECK(token.error().message.find("MIIEsecret") == std::string::npos);
  }
  SUBCASE("a missing key file fails at construction") {
    GoogleAuthConfig config;
    config.credentials_file = "/nonexistent/key.json";
    CHECK_FALSE(make_google_token_source(config).ok());
  }
  SUBCASE("a success without a token is an error, not an empty token") {
    ScriptedServer metadata;
    metadata.then(Reply(200, R"({"token_type":"Bearer"})"));
    CHECK_FALSE(metadata_source(metadata.base_url())->token().ok());
  }
}
