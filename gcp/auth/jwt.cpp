#include "gcp/auth/jwt.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include <nlohmann/json.hpp>

#include "gcp/auth/base64.hpp"

namespace interview::gcp {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

Error signing_error(const std::string& what) {
  return make_error(ErrorKind::internal, "service account signing: " + what);
}

}  // namespace

Result<std::string> sign_rs256(std::string_view private_key_pem, std::string_view data) {
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())));
  if (!bio) return signing_error("out of memory");
  // No passphrase callback: service account keys are unencrypted PKCS#8.
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return signing_error("the private_key is not a readable PEM private key");
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return signing_error("the private_key is not an RSA key");

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx) return signing_error("out of memory");
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return signing_error("EVP_DigestSignInit failed");
  }
  size_t length = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size()) != 1) {
    return signing_error("EVP_DigestSign (size) failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes,
                     data.size()) != 1) {
    return signing_error("EVP_DigestSign failed");
  }
  signature.resize(length);
  return signature;
}

Result<std::string> make_signed_jwt(const JwtClaims& claims, std::string_view private_key_pem) {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!claims.key_id.empty()) header["kid"] = claims.key_id;
  const auto iat = std::chrono::duration_cast<std::chrono::seconds>(
                       claims.issued_at.time_since_epoch())
                       .count();
  nlohmann::json payload = {{"iss", claims.issuer},
                            {"scope", claims.scope},
                            {"aud", claims.audience},
                            {"iat", iat},
                            {"exp", iat + claims.lifetime.count()}};
  std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  auto signature = sign_rs256(private_key_pem, signing_input);
  if (!signature) return signature.error();
  return signing_input + "." + base64url_encode(*signature);
}

}  // namespace interview::gcp
