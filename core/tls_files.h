#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace beacon::core {

// The PEM files of the gRPC port's TLS (--tls_cert_file, --tls_key_file, --tls_client_ca_file).
struct TlsFiles {
  std::string cert_file;       // certificate chain; with key_file: TLS; both empty: plaintext
  std::string key_file;        // private key of cert_file
  std::string client_ca_file;  // non-empty: every client must present a certificate it signed
};

// What the files hold.
struct TlsPem {
  std::string cert_chain;
  std::string private_key;
  std::string client_ca;  // empty: no client certificate is asked for
};

// nullopt when `files` asks for plaintext, else their contents. InvalidArgument naming the flag
// for half a pair, a client CA without a pair, or a file that cannot be read or is empty.
absl::StatusOr<std::optional<TlsPem>> ReadTlsFiles(const TlsFiles& files);

}  // namespace beacon::core
