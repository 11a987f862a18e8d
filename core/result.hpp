#pragma once
// Errors as values at the boundaries: every port and actor answers Result<T>.
// The HTTP layer maps ErrorKind to a status code in exactly one place
// (http/error_mapping.cpp).
#include <chrono>
#include <string>
#include <utility>
#include <variant>

namespace interview {

enum class ErrorKind {
  bad_request,        // 400: malformed or invalid input
  unauthorized,       // 401: an operator endpoint without the token
  not_found,          // 404
  method_not_allowed, // 405
  conflict,           // 409: state does not allow the request
  payload_too_large,  // 413
  header_too_large,   // 431
  unprocessable,      // 422: well-formed but unusable content (e.g. encrypted PDF)
  too_many_requests,  // 429: a client over its rate (Error::retry_after says when to retry)
  unavailable,        // 503: a dependency (store, model) failed; retry later
  timeout,            // 504: a dependency did not answer in time
  internal,           // 500: a bug
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  // Set by a dependency that asked us to back off (HTTP Retry-After); 0 = none.
  std::chrono::milliseconds retry_after{0};
};

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

// A value or a failure of type E. Result<T> is the one with E = Error; an
// adapter may keep a richer failure of its own (gcp::RpcResult).
template <class T, class E>
class ValueOr {
 public:
  ValueOr(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
  ValueOr(E error) : v_(std::move(error)) {}          // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

template <class T>
class Result : public ValueOr<T, Error> {
 public:
  using ValueOr<T, Error>::ValueOr;
};

// For operations that succeed without a value.
using Status = Result<std::monostate>;
inline Status ok_status() { return Status(std::monostate{}); }

}  // namespace interview
