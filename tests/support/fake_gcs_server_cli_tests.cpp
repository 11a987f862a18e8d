// The standalone fake-gcs-server: starts on a free port, prints it, plays the
// metadata server and a bucket for the Cloud Storage adapter, refuses other
// buckets and bad arguments, and stops on SIGTERM reporting what it saw.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "gcp/auth/google_auth.hpp"
#include "gcp/storage/cloud_storage.hpp"
#include "tests/support/child_process.hpp"

using namespace interview;
using interview::testing::ChildProcess;

TEST_CASE("fake-gcs-server runs standalone: token, upload, download, a missing bucket, SIGTERM") {
  ChildProcess gcs({FAKE_GCS_SERVER_BIN, "--port", "0", "--bucket", "cli-bucket"}, {});
  auto port = gcs.wait_for(R"(listening on 127\.0\.0\.1:(\d+))", std::chrono::seconds(10));
  REQUIRE_MESSAGE(port.has_value(), gcs.err());
  const std::string host = "127.0.0.1:" + *port;

  gcp::GoogleAuthConfig auth;
  auth.metadata_host = host;
  auto tokens = gcp::make_google_token_source(auth);
  REQUIRE(tokens.ok());
  gcp::CloudStorageConfig config;
  config.bucket = "cli-bucket";
  config.emulator_host = host;
  auto storage = gcp::make_cloud_storage(config, *tokens);
  REQUIRE(storage->ping().ok());
  REQUIRE(storage->put("resume/cli.pdf", "%PDF-1.4 cli", "application/pdf").ok());
  auto got = storage->get("resume/cli.pdf");
  REQUIRE(got.ok());
  CHECK(*got == "%PDF-1.4 cli");

  config.bucket = "other-bucket";
  auto other = gcp::make_cloud_storage(config, *tokens);
  auto st = other->ping();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("HTTP 404") != std::string::npos);

  CHECK(gcs.terminate(std::chrono::seconds(10)) == 0);
  // The token fetch, ping, put, get, and the other bucket's ping.
  CHECK(gcs.out().find("stopped after 5 requests, 1 objects") != std::string::npos);
}

TEST_CASE("fake-gcs-server refuses bad arguments with exit status 2") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {FAKE_GCS_SERVER_BIN}, {FAKE_GCS_SERVER_BIN, "--port", "x"}, {FAKE_GCS_SERVER_BIN, "--port", "70000"},
           {FAKE_GCS_SERVER_BIN, "--port", "0", "--nope", "1"}, {FAKE_GCS_SERVER_BIN, "--port"}}) {
    CAPTURE(args.size());
    ChildProcess p(args, {});
    auto status = p.wait_exit(std::chrono::seconds(10));
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    CHECK(p.err().find("usage: fake-gcs-server") != std::string::npos);
  }
}
