#pragma once

#include <grpcpp/security/credentials.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace beacon::edge {

// The files behind the edge's two TLS hops; every path empty means plain TCP on that hop.
struct EdgeTlsFiles {
  // Edge -> core: the CA the core's certificate must chain to (enables TLS), and an optional
  // client certificate and key for a core that requires one (--tls_client_ca_file there).
  std::string core_ca_file;
  std::string core_cert_file;
  std::string core_key_file;
  // The public port: certificate chain and private key (PEM) served for HTTPS and WSS.
  std::string public_cert_file;
  std::string public_key_file;
};

// What EdgeServer needs, loaded once at startup.
struct EdgeTls {
  std::shared_ptr<grpc::ChannelCredentials> core_credentials;  // insecure when no CA is given
  std::shared_ptr<boost::asio::ssl::context> public_context;   // null: plain HTTP/WebSocket
};

// Reads and checks every file. InvalidArgument naming the flag when a file cannot be read or
// holds no usable certificate or key, when a certificate and its key come one without the
// other, or when a client certificate is given without --core_ca_file.
// The public context accepts TLS 1.2 and 1.3 only, without compression or renegotiation, with
// OpenSSL's default cipher suites for those versions (forward secret, AEAD first).
absl::StatusOr<EdgeTls> LoadEdgeTls(const EdgeTlsFiles& files);

}  // namespace beacon::edge
