#include "core/tls_files.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace beacon::core {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  if (!in || content.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": cannot read ", path));
  }
  return content.str();
}

}  // namespace

absl::StatusOr<std::optional<TlsPem>> ReadTlsFiles(const TlsFiles& files) {
  if (files.cert_file.empty() && files.key_file.empty()) {
    if (!files.client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca_file needs --tls_cert_file and --tls_key_file");
    }
    return std::nullopt;
  }
  if (files.cert_file.empty() || files.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert_file and --tls_key_file go together");
  }
  TlsPem pem;
  absl::StatusOr<std::string> cert = ReadPem(files.cert_file, "tls_cert_file");
  if (!cert.ok()) return cert.status();
  pem.cert_chain = *std::move(cert);
  absl::StatusOr<std::string> key = ReadPem(files.key_file, "tls_key_file");
  if (!key.ok()) return key.status();
  pem.private_key = *std::move(key);
  if (!files.client_ca_file.empty()) {
    absl::StatusOr<std::string> client_ca = ReadPem(files.client_ca_file, "tls_client_ca_file");
    if (!client_ca.ok()) return client_ca.status();
    pem.client_ca = *std::move(client_ca);
  }
  return pem;
}

}  // namespace beacon::core
