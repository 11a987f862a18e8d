#pragma once
// A fresh directory under the temporary directory ("<prefix>-XXXXXX"),
// readable by all (nginx workers run as nobody when the tests run as root),
// removed with everything in it when it goes out of scope.
#include <string>

namespace interview::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace interview::testing
