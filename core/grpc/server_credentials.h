#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "core/tls_files.h"
#include "grpcpp/security/server_credentials.h"

namespace beacon::core {

// Plaintext credentials when `files` names no certificate and key; otherwise TLS with that
// certificate chain and key and, when a client CA is given, a required client certificate
// verified against it. The errors of ReadTlsFiles.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFromFiles(
    const TlsFiles& files);

}  // namespace beacon::core
