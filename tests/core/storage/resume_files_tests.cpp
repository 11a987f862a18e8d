// The kept resume files' pure rules: names, safe paths, content types, and
// where a candidate's file is (core/storage/resume_files.hpp).
#include <doctest/doctest.h>

#include "core/storage/resume_files.hpp"

using namespace interview;
using namespace interview::storage;

TEST_CASE("resume files: the name comes from the user id and the detected type") {
  const std::string id = "0123456789abcdef0123456789abcdef";
  CHECK(resume_object_path("resume", id, "pdf") == "resume/" + id + ".pdf");
  CHECK(resume_object_path("resumes", id, "docx") == "resumes/" + id + ".docx");
  CHECK(resume_object_path("resume", id, "text") == "resume/" + id + ".txt");
  CHECK(resume_object_path("a/b", id, "pdf") == "a/b/" + id + ".pdf");
  CHECK(resume_object_path("", id, "pdf") == id + ".pdf");
  CHECK(is_safe_object_path(resume_object_path("resume", id, "pdf")));
}

TEST_CASE("resume files: only plain relative paths are safe") {
  for (const char* ok : {"resume/abc.pdf", "resumes/0123.txt", "resume/3f2c-11aa_x.docx", "a/b/c"}) {
    CAPTURE(ok);
    CHECK(is_safe_object_path(ok));
  }
  for (const char* bad : {"", "/etc/passwd", "../x", "resume/../../etc/passwd", "resume/./x", "resume//x",
                          "resume/", "resume\\..\\x", "resume/a b.pdf", "resume/%2e%2e/x", "resume/x?alt=media",
                          "resume/x#y", "gs://bucket/x", "resume/\xc3\xa9.pdf", "resume/x\n"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_safe_object_path(bad));
  }
  CHECK(is_safe_object_path(std::string(512, 'a')));
  CHECK_FALSE(is_safe_object_path(std::string(513, 'a')));
  CHECK_FALSE(is_safe_object_path(std::string("resume/a\0b", 10)));
}

TEST_CASE("resume files: a download's content type follows the extension") {
  CHECK(content_type_for_path("resume/x.pdf") == "application/pdf");
  CHECK(content_type_for_path("resume/x.PDF") == "application/pdf");
  CHECK(content_type_for_path("resume/x.docx") ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(content_type_for_path("resumes/x.txt") == "text/plain; charset=utf-8");
  CHECK(content_type_for_path("resume/x") == "application/octet-stream");
  CHECK(content_type_for_path("resume/x.exe") == "application/octet-stream");
}

TEST_CASE("resume files: where a candidate's file is, for this service's storage") {
  const std::optional<std::string> bucket = std::string("hiring-resumes");
  SUBCASE("kept in this bucket (the old backend's uuid names too)") {
    auto at = locate_resume({{"resume_path", "resume/6f1c8e2a-4b7d-4f3e-9a1b-2c3d4e5f6a7b.pdf"},
                             {"resume_bucket", "hiring-resumes"}},
                            bucket);
    REQUIRE(at.path.has_value());
    CHECK(*at.path == "resume/6f1c8e2a-4b7d-4f3e-9a1b-2c3d4e5f6a7b.pdf");
  }
  SUBCASE("kept in the embedded folder") {
    auto at = locate_resume({{"resume_path", "resumes/a.txt"}, {"resume_bucket", nullptr}}, std::nullopt);
    REQUIRE(at.path.has_value());
    CHECK(*at.path == "resumes/a.txt");
  }
  SUBCASE("none kept, or deleted under the retention policy") {
    CHECK_FALSE(locate_resume({{"resume_path", nullptr}}, bucket).path);
    CHECK(locate_resume(store::Fields::object(), bucket).reason.find("no resume file") != std::string::npos);
    auto removed = locate_resume({{"resume_path", nullptr}, {"resume_removed_at", "2026-01-01T00:00:00Z"}}, bucket);
    CHECK_FALSE(removed.path);
    CHECK(removed.reason.find("retention") != std::string::npos);
  }
  SUBCASE("a stored path with tricks is never handed to the storage") {
    auto at = locate_resume({{"resume_path", "../../etc/passwd"}, {"resume_bucket", nullptr}}, std::nullopt);
    CHECK_FALSE(at.path);
    CHECK_FALSE(locate_resume({{"resume_path", 42}}, std::nullopt).path);
  }
  SUBCASE("another bucket, or a folder file when this service uses a bucket") {
    auto other = locate_resume({{"resume_path", "resume/a.pdf"}, {"resume_bucket", "someone-else"}}, bucket);
    CHECK_FALSE(other.path);
    CHECK(other.reason.find("someone-else") != std::string::npos);
    CHECK_FALSE(locate_resume({{"resume_path", "resumes/a.pdf"}, {"resume_bucket", nullptr}}, bucket).path);
    CHECK_FALSE(locate_resume({{"resume_path", "resume/a.pdf"}, {"resume_bucket", "hiring-resumes"}}, std::nullopt).path);
  }
}
