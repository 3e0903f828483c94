// client.py --token against an edge whose core requires subscriber keys.
#include <memory>
#include <string>

#include "child_process.h"
#include "core_admin.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"

namespace beacon::testing {
namespace {

EdgeStackOptions SubscriberAuthRequired() {
  EdgeStackOptions options;
  options.core_flags = {"--subscriber_auth=required"};
  return options;
}

class ClientPyAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(stack_.Start());
    admin_ = std::make_unique<CoreAdmin>(stack_.core_port(), stack_.core_data_dir());
    acme_key_ = admin_->CreateAccount("acme");
    other_key_ = admin_->CreateAccount("other");
    ASSERT_FALSE(acme_key_.empty());
  }
  std::vector<std::string> Client(std::vector<std::string> extra) const {
    std::vector<std::string> argv = {BinaryPath("BEACON_CLIENT_PY"), "-i", "127.0.0.1", "-p",
                                     std::to_string(stack_.edge_port())};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  EdgeStack stack_{SubscriberAuthRequired()};
  std::unique_ptr<CoreAdmin> admin_;
  std::string acme_key_;
  std::string other_key_;
};

TEST_F(ClientPyAuthTest, OneTokenPerAccountReceivesEveryNamedAccount) {
  ChildProcess client(
      Client({"-a", "acme", "-a", "other", "--token", acme_key_, "--token", other_key_}));
  ASSERT_TRUE(client.WaitForStdout("-----------------------\n")) << client.Stderr();
  PostOk(stack_.edge_port(), "acme", "for acme");
  PostOk(stack_.edge_port(), "other", "for other");
  EXPECT_TRUE(client.WaitForStdout("\"data\":\"for other\"")) << client.Stderr();
  EXPECT_NE(client.Stdout().find("\"data\":\"for acme\""), std::string::npos) << client.Stdout();
}

TEST_F(ClientPyAuthTest, WrongTokenIsAPermanent403OnOneLineWithoutTheKey) {
  ChildProcess client(Client({"-a", "acme", "--token", other_key_}));
  EXPECT_EQ(client.WaitExit(), 1);
  const std::string err = client.Stderr();
  EXPECT_NE(err.find("403"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
  EXPECT_EQ(err.find(other_key_), std::string::npos) << err;
}

TEST_F(ClientPyAuthTest, MissingTokenIsAPermanent401) {
  ChildProcess client(Client({"-a", "acme", "--max-retries", "3"}));
  EXPECT_EQ(client.WaitExit(), 1);
  EXPECT_NE(client.Stderr().find("401"), std::string::npos) << client.Stderr();
  EXPECT_EQ(client.Stderr().find('\n'), client.Stderr().size() - 1) << client.Stderr();
}

}  // namespace
}  // namespace beacon::testing
