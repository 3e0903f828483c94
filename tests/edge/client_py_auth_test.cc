// client.py --token against an edge whose core requires subscriber keys.
#include <memory>
#include <string>

#include "child_process.h"
#include "edge_http.h"
#include "gtest/gtest.h"
#include "keyed_accounts_test.h"

namespace beacon::testing {
namespace {

class ClientPyAuthTest : public KeyedAccountsTest {
 protected:
  ClientPyAuthTest() : KeyedAccountsTest({"--subscriber_auth=required"}) {}

  std::vector<std::string> Client(std::vector<std::string> extra) const {
    std::vector<std::string> argv = {BinaryPath("BEACON_CLIENT_PY"), "-i", "127.0.0.1", "-p",
                                     std::to_string(stack_.edge_port())};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }
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
