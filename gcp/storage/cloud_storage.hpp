#pragma once
// The FileStorage port over the Cloud Storage JSON API (libcurl):
//   put    POST {root}/upload/storage/v1/b/{bucket}/o?uploadType=media&name={path}
//   get    GET  {root}/storage/v1/b/{bucket}/o/{path}?alt=media
//   remove DELETE {root}/storage/v1/b/{bucket}/o/{path} (404 counts as done)
//   ping   GET  {root}/storage/v1/b/{bucket}/o?maxResults=1&prefix={folder}/
//          (objects.list: the object-admin grant on the bucket allows it; buckets.get it does not)
// Every request carries the TokenSource's bearer token. Transport failures,
// 429 and 5xx are retried with backoff up to config.max_call_attempts; then the
// result is Error{unavailable} (or timeout) naming the bucket and the status,
// never a response body or a token.
#include <memory>

#include "core/storage/file_storage.hpp"
#include "gcp/auth/token_source.hpp"
#include "gcp/storage/cloud_storage_config.hpp"

namespace interview::gcp {

std::unique_ptr<storage::FileStorage> make_cloud_storage(CloudStorageConfig config, std::shared_ptr<TokenSource> tokens);

}  // namespace interview::gcp
