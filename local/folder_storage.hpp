#pragma once
// The FileStorage port on a local folder (the embedded default: DATA_DIR,
// resumes in its "resumes/" folder). A file is written to a temporary name in
// the same folder, flushed to disk, then renamed over the final name, and the
// folder is flushed: a crash leaves the old file or the new one, never half.
#include <cstdint>
#include <memory>
#include <string>

#include "core/storage/file_storage.hpp"

namespace interview::local {

struct FolderStorageOptions {
  std::string root;                // DATA_DIR: object paths are relative to it
  std::string folder = "resumes";  // where new resumes go, under root
  // ping fails while less than this is free (as the embedded store's does).
  std::uint64_t min_free_bytes = 1024 * 1024;
};

// Creates root/folder if needed; fails when it cannot.
Result<std::unique_ptr<storage::FileStorage>> open_folder_storage(FolderStorageOptions options);

}  // namespace interview::local
