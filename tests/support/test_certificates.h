#pragma once

#include <string>

#include "beacon_process.h"

namespace beacon::testing {

// A throw-away certificate authority and certificates signed by it, made with the `openssl`
// command in a temporary folder: a server certificate for 127.0.0.1 / localhost, a client
// certificate, and a second, unrelated CA (to check that a wrong CA is refused).
//
// Threading: use from one thread. Lifetime: the files are removed with the object.
class TestCertificates {
 public:
  TestCertificates();

  // Empty when generation worked; otherwise what failed.
  const std::string& error() const { return error_; }

  std::string ca_cert() const { return dir_.path() + "/ca.crt"; }
  std::string server_cert() const { return dir_.path() + "/server.crt"; }
  std::string server_key() const { return dir_.path() + "/server.key"; }
  std::string client_cert() const { return dir_.path() + "/client.crt"; }
  std::string client_key() const { return dir_.path() + "/client.key"; }
  std::string other_ca_cert() const { return dir_.path() + "/other-ca.crt"; }

 private:
  bool Run(const std::string& command);

  TempDir dir_;
  std::string error_;
};

// The whole content of `path` ("" when it cannot be read).
std::string ReadWholeFile(const std::string& path);

}  // namespace beacon::testing
