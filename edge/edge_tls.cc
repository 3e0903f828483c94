#include "edge/edge_tls.h"

#include <openssl/ssl.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace beacon::edge {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
  std::stringstream content;
  content << in.rdbuf();
  if (content.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", path, " holds no PEM data"));
  }
  return content.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> LoadCoreCredentials(
    const EdgeTlsFiles& files) {
  if (files.core_cert_file.empty() != files.core_key_file.empty()) {
    return absl::InvalidArgumentError("--core_cert_file and --core_key_file go together");
  }
  if (files.core_ca_file.empty()) {
    if (!files.core_cert_file.empty()) {
      return absl::InvalidArgumentError(
          "--core_cert_file needs --core_ca_file (the client certificate is sent over TLS)");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  absl::StatusOr<std::string> ca = ReadPem("--core_ca_file", files.core_ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = std::move(*ca);
  if (!files.core_cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPem("--core_cert_file", files.core_cert_file);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem("--core_key_file", files.core_key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = std::move(*cert);
    options.pem_private_key = std::move(*key);
  }
  return grpc::SslCredentials(options);
}

absl::StatusOr<std::shared_ptr<boost::asio::ssl::context>> LoadPublicContext(
    const EdgeTlsFiles& files) {
  if (files.public_cert_file.empty() != files.public_key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert_file and --tls_key_file go together");
  }
  if (files.public_cert_file.empty()) return nullptr;
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX* native = context->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.public_cert_file, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls_cert_file: cannot use ", files.public_cert_file, ": ", ec.message()));
  }
  context->use_private_key_file(files.public_key_file, ssl::context::pem, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls_key_file: cannot use ", files.public_key_file, ": ", ec.message()));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    return absl::InvalidArgumentError(
        "--tls_key_file does not match the certificate in --tls_cert_file");
  }
  return context;
}

}  // namespace

absl::StatusOr<EdgeTls> LoadEdgeTls(const EdgeTlsFiles& files) {
  EdgeTls tls;
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> core = LoadCoreCredentials(files);
  if (!core.ok()) return core.status();
  tls.core_credentials = std::move(*core);
  absl::StatusOr<std::shared_ptr<boost::asio::ssl::context>> public_context =
      LoadPublicContext(files);
  if (!public_context.ok()) return public_context.status();
  tls.public_context = std::move(*public_context);
  return tls;
}

}  // namespace beacon::edge
