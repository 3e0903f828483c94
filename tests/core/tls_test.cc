// beacon-core serving gRPC over TLS, with and without client certificates, over real channels.
#include <memory>
#include <string>
#include <vector>

#include "core_process.h"
#include "gtest/gtest.h"
#include "log_lines.h"
#include "run_command.h"
#include "test_certificates.h"

namespace beacon::testing {
namespace {

struct ClientIdentity {
  std::string ca_file;
  std::string cert_file;  // empty: no client certificate
  std::string key_file;
};

grpc::Status TrackOver(const std::string& address,
                       const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  auto stub = beacon::v1::Tracking::NewStub(grpc::CreateChannel(address, credentials));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  beacon::v1::TrackRequest request;
  request.set_account_id("celtra");
  request.set_data("over tls");
  beacon::v1::TrackResponse response;
  return stub->Track(&context, request, &response);
}

std::shared_ptr<grpc::ChannelCredentials> Tls(const ClientIdentity& identity) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadWholeFile(identity.ca_file);
  if (!identity.cert_file.empty()) {
    options.pem_cert_chain = ReadWholeFile(identity.cert_file);
    options.pem_private_key = ReadWholeFile(identity.key_file);
  }
  return grpc::SslCredentials(options);
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certs_.error().empty()) << certs_.error(); }
  std::vector<std::string> ServerFlags() const {
    return {"--tls_cert_file=" + certs_.server_cert(), "--tls_key_file=" + certs_.server_key()};
  }

  TestCertificates certs_;
};

TEST_F(TlsTest, ServerCertificateIsCheckedByTheClient) {
  CoreProcess core(ServerFlags());
  ASSERT_TRUE(core.Start()) << core.process().error();
  const std::string address = core.process().address();
  EXPECT_TRUE(TrackOver(address, Tls({certs_.ca_cert(), "", ""})).ok());
  EXPECT_EQ(TrackOver(address, Tls({certs_.other_ca_cert(), "", ""})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(TrackOver(address, grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, ClientCertificateIsRequiredWhenAClientCaIsGiven) {
  std::vector<std::string> flags = ServerFlags();
  flags.push_back("--tls_client_ca_file=" + certs_.ca_cert());
  CoreProcess core(flags);
  ASSERT_TRUE(core.Start()) << core.process().error();
  const std::string address = core.process().address();
  EXPECT_TRUE(
      TrackOver(address, Tls({certs_.ca_cert(), certs_.client_cert(), certs_.client_key()})).ok());
  EXPECT_EQ(TrackOver(address, Tls({certs_.ca_cert(), "", ""})).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, HalfATlsConfigurationIsOneClearLineAndExitTwo) {
  TempDir dir;
  const CommandResult result = RunCommand(BinaryPath("BEACON_CORE_BIN"),
                                          {"--listen=127.0.0.1:0", "--data_dir=" + dir.path(),
                                           "--tls_cert_file=" + certs_.server_cert()},
                                          std::chrono::seconds(20));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(IsOneLogLine(
      result.err, "ERROR",
      "beacon-core: INVALID_ARGUMENT: --tls_cert_file and --tls_key_file go together"));
}

}  // namespace
}  // namespace beacon::testing
