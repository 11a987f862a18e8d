#include "local/folder_storage.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/storage/resume_files.hpp"

namespace interview::local {
namespace {

namespace fs = std::filesystem;

Error refuse_path() { return make_error(ErrorKind::bad_request, "not a path this storage keeps files at"); }

// ENOSPC/EDQUOT say what an operator must fix; any other errno is a plain
// failure. No path: the message reaches the client of POST /users/ (the
// caller logs where).
Error write_failure(int err) {
  if (err == ENOSPC || err == EDQUOT)
    return make_error(ErrorKind::unavailable, "the resume folder cannot write: the disk is full");
  return make_error(ErrorKind::unavailable, std::string("the resume folder cannot write (") + std::strerror(err) + ")");
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

class FolderStorage final : public storage::FileStorage {
 public:
  explicit FolderStorage(FolderStorageOptions o) : o_(std::move(o)) {}

  Status put(const std::string& path, const std::string& bytes, const std::string&) override {
    if (!storage::is_safe_object_path(path)) return refuse_path();
    fs::path target = fs::path(o_.root) / path;
    fs::path dir = target.parent_path();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return write_failure(ec.value());
    // A temporary name in the same folder (same file system), unique per call.
    static std::atomic<std::uint64_t> serial{0};
    fs::path temp = dir / (".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + "-" +
                           target.filename().string());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) return write_failure(errno);
    int err = 0;
    if (!write_all(fd, bytes) || ::fsync(fd) != 0) err = errno ? errno : EIO;
    if (::close(fd) != 0 && !err) err = errno;
    if (!err && ::rename(temp.c_str(), target.c_str()) != 0) err = errno;
    if (err) {
      ::unlink(temp.c_str());
      return write_failure(err);
    }
    if (!sync_dir(dir)) return write_failure(errno ? errno : EIO);
    return ok_status();
  }

  Result<std::string> get(const std::string& path) override {
    if (!storage::is_safe_object_path(path)) return refuse_path();
    fs::path file = fs::path(o_.root) / path;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return make_error(ErrorKind::not_found, "the resume file is not in the folder");
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(ErrorKind::unavailable, "resume " + describe() + " cannot be read");
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return make_error(ErrorKind::unavailable, "resume " + describe() + " cannot be read");
    return out.str();
  }

  Status remove(const std::string& path) override {
    if (!storage::is_safe_object_path(path)) return refuse_path();
    fs::path file = fs::path(o_.root) / path;
    if (::unlink(file.c_str()) != 0 && errno != ENOENT)
      return make_error(ErrorKind::unavailable, "resume " + describe() + " cannot delete (" + std::strerror(errno) + ")");
    sync_dir(file.parent_path());
    return ok_status();
  }

  Status ping() override {
    fs::path dir = folder_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return make_error(ErrorKind::unavailable, "resume " + describe() + " is missing");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      return make_error(ErrorKind::unavailable, "resume " + describe() + " is not writable");
    struct statvfs s {};
    if (o_.min_free_bytes > 0 && ::statvfs(dir.c_str(), &s) == 0) {
      auto free = static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
      if (free < o_.min_free_bytes)
        return make_error(ErrorKind::unavailable, "resume " + describe() + " cannot write: the disk is full");
    }
    return ok_status();
  }

  std::string folder() const override { return o_.folder; }
  std::optional<std::string> bucket() const override { return std::nullopt; }
  std::string describe() const override { return "folder " + folder_path().string(); }

 private:
  fs::path folder_path() const { return fs::path(o_.root) / o_.folder; }
  FolderStorageOptions o_;
};

}  // namespace

Result<std::unique_ptr<storage::FileStorage>> open_folder_storage(FolderStorageOptions options) {
  if (!storage::is_safe_object_path(options.folder))
    return make_error(ErrorKind::bad_request, "the resume folder must be a plain relative name");
  std::error_code ec;
  fs::create_directories(fs::path(options.root) / options.folder, ec);
  if (ec)
    return make_error(ErrorKind::unavailable,
                      "cannot create the resume folder " + (fs::path(options.root) / options.folder).string() + ": " +
                          ec.message());
  return std::unique_ptr<storage::FileStorage>(std::make_unique<FolderStorage>(std::move(options)));
}

}  // namespace interview::local
