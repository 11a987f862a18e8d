#include "core/storage/resume_files.hpp"

#include <algorithm>

namespace interview::storage {
namespace {

bool safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::string> text_field(const store::Fields& user, const char* name) {
  auto it = user.find(name);
  if (it == user.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::string extension_for_format(std::string_view format) {
  if (format == "pdf") return "pdf";
  if (format == "docx") return "docx";
  return "txt";
}

std::string resume_object_path(const std::string& folder, const std::string& user_id, std::string_view format) {
  std::string name = user_id + "." + extension_for_format(format);
  return folder.empty() ? name : folder + "/" + name;
}

bool is_safe_object_path(std::string_view path) {
  if (path.empty() || path.size() > 512) return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (!std::all_of(segment.begin(), segment.end(), safe_char)) return false;
    start = end + 1;
  }
  return true;
}

std::string content_type_for_path(std::string_view path) {
  auto p = lower(path);
  if (ends_with(p, ".pdf")) return "application/pdf";
  if (ends_with(p, ".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ends_with(p, ".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

ResumeLocation locate_resume(const store::Fields& user, const std::optional<std::string>& storage_bucket) {
  auto path = text_field(user, "resume_path");
  if (!path) {
    if (user.contains("resume_removed_at"))
      return {std::nullopt, "the resume file was deleted under the retention policy"};
    return {std::nullopt, "no resume file is kept for this candidate"};
  }
  if (!is_safe_object_path(*path)) return {std::nullopt, "the stored resume path is not one this service serves"};
  auto bucket = text_field(user, "resume_bucket");
  if (bucket != storage_bucket) {
    if (!bucket) return {std::nullopt, "the resume file was kept in an embedded data folder, not in this service's bucket"};
    return {std::nullopt, "the resume file is kept in bucket " + *bucket + ", which this service does not use"};
  }
  return {path, ""};
}

}  // namespace interview::storage
