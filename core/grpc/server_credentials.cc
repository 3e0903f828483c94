#include "core/grpc/server_credentials.h"

#include <optional>

#include "grpcpp/security/server_credentials.h"

namespace beacon::core {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFromFiles(
    const TlsFiles& files) {
  const absl::StatusOr<std::optional<TlsPem>> pem = ReadTlsFiles(files);
  if (!pem.ok()) return pem.status();
  if (!pem->has_value()) return grpc::InsecureServerCredentials();
  const TlsPem& tls = **pem;
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({tls.private_key, tls.cert_chain});
  if (!tls.client_ca.empty()) {
    options.pem_root_certs = tls.client_ca;
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace beacon::core
