// redact(): what must never reach a log line.
#include <doctest/doctest.h>

#include <string>

#include "ops/redact.hpp"

using interview::ops::redact;

TEST_CASE("Google API keys are masked wherever they appear") {
  const std::string key = "AIzaSyA1234567890abcdefghijklmnopqrstuv";
  CHECK(redact("using " + key + " now") == "using [REDACTED] now");
  CHECK(redact("https://x.googleapis.com/v1/m:generate?alt=sse&k=" + key) ==
        "https://x.googleapis.com/v1/m:generate?alt=sse&k=[REDACTED]");
  CHECK(redact("AIza is a prefix") == "AIza is a prefix");
}

TEST_CASE("bearer tokens are masked in any case") {
  CHECK(redact("Authorization: Bearer ya29.a0AfH6SM-abc_def/ghi=") == "Authorization: Bearer [REDACTED]");
  CHECK(redact("authorization: bearer tok123, next") == "authorization: bearer [REDACTED], next");
  CHECK(redact("a bearer of news") == "a bearer [REDACTED] news");  // over-masking is the safe side
}

TEST_CASE("x-goog-api-key header values are masked") {
  CHECK(redact("x-goog-api-key: s3cr3t-value") == "x-goog-api-key: [REDACTED]");
  CHECK(redact(R"({"X-Goog-Api-Key": "s3cr3t", "other": 1})") == R"({"X-Goog-Api-Key": "[REDACTED]", "other": 1})");
}

TEST_CASE("key=, token=, secret= and password= values are masked, other names are not") {
  CHECK(redact("GET /join?user_id=abc&key=hunter2&x=1") == "GET /join?user_id=abc&key=[REDACTED]&x=1");
  CHECK(redact("token=abc access_token=def refresh_token:ghi") ==
        "token=[REDACTED] access_token=[REDACTED] refresh_token:[REDACTED]");
  CHECK(redact(R"({"client_secret":"a\"b","password": 'pw', "user": "bob"})") ==
        R"({"client_secret":"[REDACTED]","password": '[REDACTED]', "user": "bob"})");
  CHECK(redact("GEMINI_API_KEY=abc ADMIN_TOKEN=def") == "GEMINI_API_KEY=[REDACTED] ADMIN_TOKEN=[REDACTED]");
  CHECK(redact("user_id=abc status=idle at 12:30") == "user_id=abc status=idle at 12:30");
  CHECK(redact("key=") == "key=");
}

TEST_CASE("private key blocks are masked whole, even when cut off") {
  std::string pem = "cred: -----BEGIN PRIVATE KEY-----\nMIIEv\nQIBADANBg==\n-----END PRIVATE KEY-----\ndone";
  CHECK(redact(pem) == "cred: [REDACTED PRIVATE KEY]\ndone");
  std::string escaped = R"({"private_key_id": "x", "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"})";
  std::string out = redact(escaped);
  CHECK(out.find("MIIE") == std::string::npos);
  CHECK(out.find("BEGIN") == std::string::npos);
  CHECK(redact("-----BEGIN PRIVATE KEY-----\nMIIEvQ") == "[REDACTED PRIVATE KEY]");
  CHECK(redact("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----") ==
        "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----");
}

TEST_CASE("text without secrets is unchanged") {
  const std::string plain = "user 0123456789abcdef0123456789abcdef placed in slot 2 (queue 0), é ü";
  CHECK(redact(plain) == plain);
  CHECK(redact("") == "");
}
