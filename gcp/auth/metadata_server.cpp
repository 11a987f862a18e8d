#include "gcp/auth/metadata_server.hpp"

#include "net/http_client.hpp"

namespace interview::gcp {

std::string metadata_base_url(const std::string& host_or_url) {
  if (host_or_url.empty()) return kDefaultMetadataBase;
  std::string base = host_or_url.find("://") == std::string::npos ? "http://" + host_or_url : host_or_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

Result<AccessToken> fetch_metadata_token(const std::string& base_url, std::chrono::milliseconds timeout) {
  net::HttpRequest request;
  request.method = "GET";
  request.url = base_url + "/computeMetadata/v1/instance/service-accounts/default/token";
  request.headers = {{"Metadata-Flavor", "Google"}};
  request.timeout = timeout;
  auto response = net::perform(request);
  if (!response) {
    return make_error(ErrorKind::unavailable, "metadata server token: " + response.error().message);
  }
  return parse_token_response(*response, "metadata server");
}

}  // namespace interview::gcp
