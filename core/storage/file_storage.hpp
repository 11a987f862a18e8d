#pragma once
// The FileStorage port: where the original resume files are kept. Two
// adapters implement it: Cloud Storage (gcp/storage, production) and a folder
// under DATA_DIR (local/, the embedded default). Paths are object paths
// ("resume/<user id>.pdf"), checked by storage::is_safe_object_path before any
// adapter sees them; the adapters refuse any other path as well.
#include <optional>
#include <string>

#include "core/result.hpp"

namespace interview::storage {

class FileStorage {
 public:
  virtual ~FileStorage() = default;
  // Keeps `bytes` at `path`, replacing what was there; a reader sees the whole
  // file or none of it. Failures: unavailable / timeout (nothing is kept).
  virtual Status put(const std::string& path, const std::string& bytes, const std::string& content_type) = 0;
  // The file's bytes; not_found when there is none.
  virtual Result<std::string> get(const std::string& path) = 0;
  // Deletes the file. A file already gone is success: racing janitors are harmless.
  virtual Status remove(const std::string& path) = 0;
  // A cheap round trip proving files can be kept (for /health).
  virtual Status ping() = 0;
  // The folder new resumes go to, the prefix of their paths ("resume", "resumes").
  virtual std::string folder() const = 0;
  // The Cloud Storage bucket (stored as users.resume_bucket); nullopt for the folder.
  virtual std::optional<std::string> bucket() const = 0;
  // For /health and logs: "gs://<bucket>" or "folder <dir>".
  virtual std::string describe() const = 0;
};

}  // namespace interview::storage
