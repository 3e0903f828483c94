#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace beacon::core {

// Plaintext credentials when `cert_file` and `key_file` are both empty; otherwise TLS with that
// certificate chain and key, and, when `client_ca_file` is given, a required client certificate
// verified against it. InvalidArgument for half a pair or an unreadable or empty file.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFromFiles(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file);

}  // namespace beacon::core
