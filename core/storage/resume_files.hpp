#pragma once
// Pure rules for the kept resume files: what a new file is named (from the
// user id and the detected type, never the client's file name), which stored
// paths are safe to hand to a FileStorage, and what a download is served as.
#include <optional>
#include <string>
#include <string_view>

#include "core/store/document_store.hpp"

namespace interview::storage {

// "<folder>/<user id>.<ext>" for a detected format "pdf" | "docx" | "text".
std::string resume_object_path(const std::string& folder, const std::string& user_id, std::string_view format);

// The file extension for a detected format: "pdf", "docx", "txt".
std::string extension_for_format(std::string_view format);

// A relative path of segments made of [A-Za-z0-9._-] joined by '/', no empty,
// "." or ".." segment, at most 512 bytes. Anything else never reaches an
// adapter: no absolute paths, no escapes from the folder, no URL tricks.
bool is_safe_object_path(std::string_view path);

// By extension: application/pdf, the DOCX type, text/plain; charset=utf-8,
// else application/octet-stream.
std::string content_type_for_path(std::string_view path);

// Where a candidate's kept file is, as users/{id} records it, for `storage`'s
// bucket (nullopt: the embedded folder).
struct ResumeLocation {
  std::optional<std::string> path;  // safe to hand to the storage; nullopt: nothing to serve
  std::string reason;               // why not, when there is no path (for a 404 detail)
};
ResumeLocation locate_resume(const store::Fields& user, const std::optional<std::string>& storage_bucket);

}  // namespace interview::storage
