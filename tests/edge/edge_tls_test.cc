// TLS on both of the edge's hops, with a throw-away CA: edge -> core (--core_ca_file, optionally
// a client certificate) and the public port (HTTPS and WSS). A peer trusting another CA is
// refused.
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "test_certificates.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

class EdgeTlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certs_.error().empty()) << certs_.error(); }

  std::vector<std::string> CoreServesTls() const {
    return {"--tls_cert_file=" + certs_.server_cert(), "--tls_key_file=" + certs_.server_key()};
  }
  std::vector<std::string> EdgeServesTls() const {
    return {"--tls_cert_file=" + certs_.server_cert(), "--tls_key_file=" + certs_.server_key()};
  }
  // An HTTPS client of the edge trusting `ca_file`.
  static std::unique_ptr<httplib::SSLClient> HttpsClient(int port, const std::string& ca_file) {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
    client->set_ca_cert_path(ca_file.c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(std::chrono::seconds(5));
    client->set_read_timeout(std::chrono::seconds(10));
    return client;
  }
  // A beacon-edge with `flags` in front of the stack's core.
  static std::unique_ptr<BeaconProcess> StartEdge(const EdgeStack& stack,
                                                  std::vector<std::string> flags) {
    flags.insert(flags.begin(),
                 {"--listen=127.0.0.1:0", "--core=127.0.0.1:" + std::to_string(stack.core_port())});
    auto edge = std::make_unique<BeaconProcess>(BinaryPath("BEACON_EDGE_BIN"), std::move(flags));
    EXPECT_TRUE(edge->Start()) << edge->error();
    return edge;
  }

  TestCertificates certs_;
};

TEST_F(EdgeTlsTest, EdgeReachesATlsCoreThroughTheRightCa) {
  EdgeStackOptions options;
  options.core_flags = CoreServesTls();
  options.edge_flags = {"--core_ca_file=" + certs_.ca_cert()};
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const auto health = Get(stack.edge_port(), "/healthz");
  ASSERT_TRUE(health) << Describe(health);
  EXPECT_EQ(health->status, 200) << Describe(health);
  WsSubscriber subscriber(stack.edge_port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());
  EXPECT_TRUE(IsEventJson(PostOk(stack.edge_port(), "celtra", "via tls"), "celtra", "via tls"));
  EXPECT_EQ(subscriber.WaitForMessages(1).size(), 1u);
}

TEST_F(EdgeTlsTest, EdgeTrustingAnotherCaGets503FromATlsCore) {
  EdgeStackOptions options;
  options.core_flags = CoreServesTls();
  options.edge_flags = {"--core_ca_file=" + certs_.other_ca_cert()};
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  EXPECT_TRUE(IsJsonError(Get(stack.edge_port(), "/healthz"), 503));
  EXPECT_TRUE(IsJsonError(PostEvent(stack.edge_port(), "celtra", "refused"), 503));
  EXPECT_TRUE(IsJsonError(RequestUpgrade(stack.edge_port(), "?account=celtra"), 503));
}

TEST_F(EdgeTlsTest, CoreRequiringClientCertificatesServesOnlyAnEdgeThatPresentsOne) {
  EdgeStackOptions options;
  options.core_flags = CoreServesTls();
  options.core_flags.push_back("--tls_client_ca_file=" + certs_.ca_cert());
  options.edge_flags = {"--core_ca_file=" + certs_.ca_cert(),
                        "--core_cert_file=" + certs_.client_cert(),
                        "--core_key_file=" + certs_.client_key()};
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  EXPECT_TRUE(IsEventJson(PostOk(stack.edge_port(), "celtra", "mutual"), "celtra", "mutual"));

  const auto anonymous = StartEdge(stack, {"--core_ca_file=" + certs_.ca_cert()});
  EXPECT_TRUE(IsJsonError(PostEvent(anonymous->port(), "celtra", "no client cert"), 503));
}

TEST_F(EdgeTlsTest, HalfAClientCertificateIsAStartupError) {
  BeaconProcess edge(BinaryPath("BEACON_EDGE_BIN"),
                     {"--listen=127.0.0.1:0", "--core_ca_file=" + certs_.ca_cert(),
                      "--core_cert_file=" + certs_.client_cert()});
  EXPECT_FALSE(edge.Start(std::chrono::seconds(5)));
}

TEST_F(EdgeTlsTest, HttpsPostIsServedToAClientTrustingTheCa) {
  EdgeStackOptions options;
  options.edge_flags = EdgeServesTls();
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const auto result = HttpsClient(stack.edge_port(), certs_.ca_cert())
                          ->Post("/tracking/celtra", EventBody("over https"), "application/json");
  ASSERT_TRUE(result) << Describe(result);
  EXPECT_EQ(result->status, 200) << Describe(result);
  EXPECT_TRUE(IsEventJson(result->body, "celtra", "over https"));
}

TEST_F(EdgeTlsTest, ClientTrustingAnotherCaIsRefusedAndPlainHttpGetsNoAnswer) {
  EdgeStackOptions options;
  options.edge_flags = EdgeServesTls();
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const auto untrusted = HttpsClient(stack.edge_port(), certs_.other_ca_cert())
                             ->Post("/tracking/celtra", EventBody("untrusted"), "application/json");
  EXPECT_FALSE(untrusted) << Describe(untrusted);
  const auto plain = PostEvent(stack.edge_port(), "celtra", "plain http");
  EXPECT_FALSE(plain && plain->status == 200) << Describe(plain);
  // Still serving after both.
  const auto trusted = HttpsClient(stack.edge_port(), certs_.ca_cert())->Get("/healthz");
  ASSERT_TRUE(trusted) << Describe(trusted);
  EXPECT_EQ(trusted->status, 200);
}

TEST_F(EdgeTlsTest, CurlWithTheCaPostsOverHttps) {
  EdgeStackOptions options;
  options.edge_flags = EdgeServesTls();
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const std::string url =
      "https://127.0.0.1:" + std::to_string(stack.edge_port()) + "/tracking/celtra";
  ChildProcess curl({"/usr/bin/curl", "-sS", "--max-time", "10", "--cacert", certs_.ca_cert(), "-H",
                     "Content-Type: application/json", "-d", EventBody("curl"), url});
  EXPECT_EQ(curl.WaitExit(), 0) << curl.Stderr();
  EXPECT_TRUE(IsEventJson(curl.Stdout(), "celtra", "curl")) << curl.Stdout();
}

TEST_F(EdgeTlsTest, ClientPyOverWssPrintsEventsAndRefusesAnotherCa) {
  EdgeStackOptions options;
  options.edge_flags = EdgeServesTls();
  EdgeStack stack(options);
  ASSERT_TRUE(stack.Start());
  const std::string port = std::to_string(stack.edge_port());
  ChildProcess client({BinaryPath("BEACON_CLIENT_PY"), "-i", "127.0.0.1", "-p", port, "-a",
                       "celtra", "--ca-file", certs_.ca_cert()});
  ASSERT_TRUE(client.WaitForStdout("-----------------------\n")) << client.Stderr();
  const auto posted = HttpsClient(stack.edge_port(), certs_.ca_cert())
                          ->Post("/tracking/celtra", EventBody("over wss"), "application/json");
  ASSERT_TRUE(posted) << Describe(posted);
  EXPECT_TRUE(client.WaitForStdout("\"data\":\"over wss\"")) << client.Stdout() << client.Stderr();

  ChildProcess untrusting({BinaryPath("BEACON_CLIENT_PY"), "-i", "127.0.0.1", "-p", port, "-a",
                           "celtra", "--ca-file", certs_.other_ca_cert()});
  EXPECT_EQ(untrusting.WaitExit(), 1);
  EXPECT_NE(untrusting.Stderr().find("certificate"), std::string::npos) << untrusting.Stderr();
  EXPECT_EQ(untrusting.Stderr().find('\n'), untrusting.Stderr().size() - 1) << untrusting.Stderr();
}

}  // namespace
}  // namespace beacon::testing
