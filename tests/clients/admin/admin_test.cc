// beacon-admin against a real beacon-core: every command, its output and its exit codes.
#include <memory>
#include <string>
#include <vector>

#include "core_process.h"
#include "gtest/gtest.h"
#include "run_command.h"
#include "test_certificates.h"

namespace beacon::testing {
namespace {

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(core_.Start()) << core_.process().error(); }

  CommandResult Admin(std::vector<std::string> args) {
    args.insert(args.begin(), {"--core=" + core_.process().address(),
                               "--token_file=" + core_.data_dir() + "/admin_token"});
    return RunCommand(BinaryPath("BEACON_ADMIN_BIN"), args, std::chrono::seconds(20));
  }

  CoreProcess core_;
};

TEST_F(AdminTest, ManagesAccountsAndPrintsJson) {
  const CommandResult created = Admin({"create", "acme"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out.rfind(R"({"account":{"id":"acme","active":true,"has_key":true},)"
                              R"("subscriber_key":")",
                              0),
            0u)
      << created.out;

  EXPECT_EQ(Admin({"deactivate", "acme"}).out, R"({"id":"acme","active":false,"has_key":true})"
                                               "\n");
  EXPECT_EQ(core_.Track("acme", "x").error_message(), "Account is inactive");
  EXPECT_EQ(Admin({"activate", "acme"}).exit_code, 0);
  EXPECT_TRUE(core_.Track("acme", "x").ok());

  const CommandResult listed = Admin({"list"});
  EXPECT_EQ(listed.out, R"({"id":"acme","active":true,"has_key":true})"
                        "\n"
                        R"({"id":"celtra","active":true,"has_key":false})"
                        "\n"
                        R"({"id":"test","active":false,"has_key":false})"
                        "\n");
  const CommandResult rotated = Admin({"rotate-key", "acme"});
  EXPECT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_NE(rotated.out.find(R"("subscriber_key":")"), std::string::npos);
  EXPECT_EQ(Admin({"delete", "acme"}).exit_code, 0);
  EXPECT_EQ(Admin({"get", "acme"}).err, "beacon-admin: NOT_FOUND: Account not found: acme\n");
}

TEST_F(AdminTest, RefusalsAreOneLineAndNonZeroExits) {
  ASSERT_EQ(Admin({"create", "acme"}).exit_code, 0);
  const CommandResult taken = Admin({"create", "acme"});
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_EQ(taken.err, "beacon-admin: ALREADY_EXISTS: Account already exists: acme\n");
  EXPECT_EQ(Admin({"get"}).exit_code, 2);
  EXPECT_EQ(Admin({"frobnicate", "x"}).exit_code, 2);

  const CommandResult wrong_token =
      RunCommand(BinaryPath("BEACON_ADMIN_BIN"),
                 {"--core=" + core_.process().address(), "--token_file=/nonexistent", "list"},
                 std::chrono::seconds(20));
  EXPECT_EQ(wrong_token.exit_code, 2);
  EXPECT_NE(wrong_token.err.find("cannot read the admin token from /nonexistent"),
            std::string::npos);
}

TEST(AdminTlsTest, ReachesATlsCoreThroughItsCa) {
  const TestCertificates certs;
  ASSERT_TRUE(certs.error().empty()) << certs.error();
  CoreProcess core(
      {"--tls_cert_file=" + certs.server_cert(), "--tls_key_file=" + certs.server_key()});
  ASSERT_TRUE(core.Start()) << core.process().error();
  const std::vector<std::string> common = {"--core=" + core.process().address(),
                                           "--token_file=" + core.data_dir() + "/admin_token"};
  auto admin = [&](const std::string& ca) {
    std::vector<std::string> args = common;
    args.push_back("--ca_file=" + ca);
    args.push_back("--deadline_ms=2000");
    args.push_back("list");
    return RunCommand(BinaryPath("BEACON_ADMIN_BIN"), args, std::chrono::seconds(20));
  };
  const CommandResult trusted = admin(certs.ca_cert());
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_NE(trusted.out.find(R"("id":"celtra")"), std::string::npos);
  const CommandResult other_ca = admin(certs.other_ca_cert());
  EXPECT_EQ(other_ca.exit_code, 1);
  EXPECT_EQ(other_ca.err.rfind("beacon-admin: UNAVAILABLE", 0), 0u) << other_ca.err;
}

}  // namespace
}  // namespace beacon::testing
