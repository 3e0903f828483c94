// clients/client.py (and the root symlink client.py) run as real processes against the edge.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "gtest/gtest.h"

namespace beacon::testing {
namespace {

constexpr char kHeaderStart[] = "--- response header ---";
constexpr char kHeaderEnd[] = "-----------------------";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::string ClientPath() { return BinaryPath("BEACON_CLIENT_PY"); }

std::string RootSymlinkPath() {
  return (std::filesystem::path(ClientPath()).parent_path().parent_path() / "client.py").string();
}

// What client.py prints after its header block; empty if the block is not well formed.
std::vector<std::string> EventLinesAfterHeaderBlock(const std::string& output) {
  const std::vector<std::string> lines = Lines(output);
  if (lines.size() < 3 || lines[0] != kHeaderStart) {
    ADD_FAILURE() << "no header block start in:\n" << output;
    return {};
  }
  EXPECT_EQ(lines[1], "HTTP/1.1 101 Switching Protocols");
  static const std::regex header_line(R"(^[!#$%&'*+.^_`|~0-9A-Za-z-]+: .*$)");
  size_t i = 2;
  bool upgrade_header = false;
  for (; i < lines.size() && lines[i] != kHeaderEnd; ++i) {
    EXPECT_TRUE(std::regex_match(lines[i], header_line)) << "not a header line: " << lines[i];
    upgrade_header |=
        std::regex_match(lines[i], std::regex("^upgrade: websocket$", std::regex::icase));
  }
  EXPECT_TRUE(upgrade_header) << output;
  if (i == lines.size()) {
    ADD_FAILURE() << "no header block end in:\n" << output;
    return {};
  }
  return {lines.begin() + static_cast<std::ptrdiff_t>(i) + 1, lines.end()};
}

bool IsOneLine(const std::string& text) {
  return !text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1;
}

class ClientPyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Python block-buffers stdout on a pipe unless told otherwise; the tests must see that
    // client.py flushes every line itself.
    unsetenv("PYTHONUNBUFFERED");
    ASSERT_TRUE(stack_.Start());
  }
  int port() const { return stack_.edge_port(); }

  std::unique_ptr<ChildProcess> RunClient(const std::string& script,
                                          std::vector<std::string> accounts) {
    std::vector<std::string> argv = {script, "-i", "127.0.0.1", "-p", std::to_string(port())};
    for (auto& account : accounts) {
      argv.push_back("-a");
      argv.push_back(account);
    }
    return std::make_unique<ChildProcess>(std::move(argv));
  }

  EdgeStack stack_{EdgeStackOptions{{}, {"acme"}}};
};

TEST_F(ClientPyTest, PrintsTheHandshakeBlockThenEachPostedEventOnItsOwnLine) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  const std::string first = PostOk(port(), "celtra", "0d599f0ec05c3bda8c3b8a68c32a1b47");
  PostOk(port(), "acme", "filtered out");
  const std::string second = PostOk(port(), "celtra", "second");

  ASSERT_TRUE(client->WaitForStdout(second + "\n")) << client->Stdout() << client->Stderr();
  EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()),
            (std::vector<std::string>{first, second}));
  EXPECT_EQ(client->Stderr(), "");
}

TEST_F(ClientPyTest, RootSymlinkRunsTheSameClient) {
  ASSERT_TRUE(std::filesystem::equivalent(RootSymlinkPath(), ClientPath()));
  const auto client = RunClient(RootSymlinkPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  const std::string event = PostOk(port(), "celtra", "via the root symlink");

  ASSERT_TRUE(client->WaitForStdout(event + "\n")) << client->Stdout() << client->Stderr();
  EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()), std::vector<std::string>{event});
}

TEST_F(ClientPyTest, RepeatedAccountFlagsSubscribeToEveryNamedAccount) {
  const auto both = RunClient(ClientPath(), {"celtra", "acme"});
  const auto all = RunClient(ClientPath(), {});
  ASSERT_TRUE(both->WaitForStdout(std::string(kHeaderEnd) + "\n")) << both->Stderr();
  ASSERT_TRUE(all->WaitForStdout(std::string(kHeaderEnd) + "\n")) << all->Stderr();

  const std::vector<std::string> events = {PostOk(port(), "celtra", "c"),
                                           PostOk(port(), "acme", "a")};

  for (ChildProcess* client : {both.get(), all.get()}) {
    ASSERT_TRUE(client->WaitForStdout(events.back() + "\n")) << client->Stdout();
    EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()), events);
  }
}

TEST_F(ClientPyTest, UnknownAccountExitsWith1AndTheRefusalOnOneStderrLine) {
  const auto client = RunClient(ClientPath(), {"nosuchaccount"});
  EXPECT_EQ(client->WaitExit(), 1);
  EXPECT_EQ(client->Stdout(), "");
  EXPECT_TRUE(IsOneLine(client->Stderr())) << client->Stderr();
  EXPECT_NE(client->Stderr().find("404"), std::string::npos) << client->Stderr();
  EXPECT_NE(client->Stderr().find("\"error\""), std::string::npos) << client->Stderr();
}

TEST_F(ClientPyTest, CoreGoingAwayEndsTheClientWith1AndTheCloseCodeOnStderr) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  stack_.KillCore();

  EXPECT_EQ(client->WaitExit(), 1);
  EXPECT_TRUE(IsOneLine(client->Stderr())) << client->Stderr();
  EXPECT_NE(client->Stderr().find("1012"), std::string::npos) << client->Stderr();
}

TEST_F(ClientPyTest, InterruptExitsQuietlyWith130) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  client->Signal(SIGINT);

  EXPECT_EQ(client->WaitExit(std::chrono::seconds(5)), 130);  // promptly, not after a timeout
  EXPECT_EQ(client->Stderr(), "");
}

TEST(ClientPyWithoutEdgeTest, ClosedPortExitsWith1AndOneStderrLine) {
  ChildProcess client({ClientPath(), "-i", "127.0.0.1", "-p", std::to_string(UnusedPort())});
  EXPECT_EQ(client.WaitExit(), 1);
  EXPECT_EQ(client.Stdout(), "");
  EXPECT_TRUE(IsOneLine(client.Stderr())) << client.Stderr();
  EXPECT_NE(client.Stderr().find("cannot connect"), std::string::npos) << client.Stderr();
}

TEST(ClientPyWithoutEdgeTest, HelpExitsWith0) {
  ChildProcess client({ClientPath(), "--help"});
  EXPECT_EQ(client.WaitExit(), 0);
  EXPECT_NE(client.Stdout().find("-a ACCOUNT"), std::string::npos) << client.Stdout();
}

}  // namespace
}  // namespace beacon::testing
