#include "gcp/firestore/resource_names.hpp"

#include "core/store/document_store.hpp"

namespace interview::gcp {
namespace {

void check_id(const std::string& what, const std::string& id) {
  std::string problem;
  if (id.empty()) problem = "is empty";
  else if (id.find('/') != std::string::npos) problem = "contains '/'";
  else if (id == "." || id == "..") problem = "is . or ..";
  else if (id.size() > 4 && id.rfind("__", 0) == 0 && id.compare(id.size() - 2, 2, "__") == 0)
    problem = "is reserved (__...__)";
  else if (id.size() > 1500) problem = "is longer than 1500 bytes";
  if (!problem.empty()) {
    throw store::StoreFailure{make_error(ErrorKind::bad_request, "firestore: " + what + " " + problem)};
  }
}

}  // namespace

std::string database_name(const std::string& project, const std::string& database) {
  return "projects/" + project + "/databases/" + database;
}

void check_collection_id(const std::string& collection) { check_id("collection id", collection); }

std::string document_name(const std::string& documents_root, const std::string& collection,
                          const std::string& id) {
  check_collection_id(collection);
  check_id("document id", id);
  return documents_root + "/" + collection + "/" + id;
}

std::string document_id(const std::string& name) {
  auto slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace interview::gcp
