#include "test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace beacon::testing {
namespace {

// EC keys: fast to generate, accepted by gRPC and OpenSSL 3.
constexpr char kNewKey[] = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256";

}  // namespace

TestCertificates::TestCertificates() {
  const std::string d = dir_.path();
  const std::string quiet = " >>" + d + "/openssl.log 2>&1";
  auto self_signed_ca = [&](const std::string& name) {
    return Run(std::string(kNewKey) + " -out " + d + "/" + name + ".key" + quiet) &&
           Run("openssl req -x509 -new -key " + d + "/" + name + ".key -days 2 -subj /CN=" + name +
               " -out " + d + "/" + name + ".crt" + quiet);
  };
  auto signed_by_ca = [&](const std::string& name, const std::string& extensions) {
    std::ofstream(d + "/" + name + ".ext") << extensions;
    return Run(std::string(kNewKey) + " -out " + d + "/" + name + ".key" + quiet) &&
           Run("openssl req -new -key " + d + "/" + name + ".key -subj /CN=" + name + " -out " + d +
               "/" + name + ".csr" + quiet) &&
           Run("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + d + "/ca.crt -CAkey " + d +
               "/ca.key -CAcreateserial -days 2 -extfile " + d + "/" + name + ".ext -out " + d +
               "/" + name + ".crt" + quiet);
  };
  const bool ok =
      self_signed_ca("ca") && self_signed_ca("other-ca") &&
      signed_by_ca("server",
                   "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n") &&
      signed_by_ca("client", "extendedKeyUsage=clientAuth\n");
  if (!ok) error_ += "\n" + ReadWholeFile(d + "/openssl.log");
}

bool TestCertificates::Run(const std::string& command) {
  if (std::system(command.c_str()) == 0) return true;
  error_ = "failed: " + command;
  return false;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace beacon::testing
