// clients/client.py (and the root symlink client.py) run as real processes against the edge.
#include "client_py.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.h"
#include "edge_http.h"
#include "edge_stack.h"
#include "events_api.h"
#include "gtest/gtest.h"
#include "polling.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string RootSymlinkPath() {
  return (std::filesystem::path(ClientPath()).parent_path().parent_path() / "client.py").string();
}

bool IsOneLine(const std::string& text) {
  return !text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every line starts with "client.py: ".
::testing::AssertionResult AllLinesPrefixed(const std::string& text) {
  for (const std::string& line : Lines(text)) {
    if (line.rfind("client.py: ", 0) != 0) {
      return ::testing::AssertionFailure() << "unprefixed line: " << line;
    }
  }
  return ::testing::AssertionSuccess();
}

// POSTs to celtra until the edge answers 200 (the edge's channel reconnects to a restarted core
// after a backoff); returns that event.
std::string PostOnceTheCoreIsBack(int port, const std::string& data) {
  std::string event;
  const bool posted = PollUntil(
      [&] {
        const auto result = PostEvent(port, "celtra", data);
        if (result && result->status == 200) event = result->body;
        return !event.empty();
      },
      seconds(30), milliseconds(100));
  EXPECT_TRUE(posted) << "the edge did not reach the restarted core";
  return event;
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
                                          const std::vector<std::string>& accounts,
                                          const std::vector<std::string>& flags = {}) {
    return std::make_unique<ChildProcess>(ClientArgv(script, port(), accounts, flags));
  }

  EdgeStack stack_{EdgeStackOptions{{}, {"acme"}, {}}};
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

TEST_F(ClientPyTest, WithMaxRetries0CoreGoingAwayEndsTheClientWith1AndTheCloseCodeOnStderr) {
  const auto client = RunClient(ClientPath(), {"celtra"}, {"--max-retries", "0"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  stack_.KillCore();

  EXPECT_EQ(client->WaitExit(), 1);
  EXPECT_TRUE(IsOneLine(client->Stderr())) << client->Stderr();
  EXPECT_TRUE(Contains(client->Stderr(), "1012")) << client->Stderr();
}

TEST_F(ClientPyTest, ResumesAfterACoreRestartPrintingEveryEventExactlyOnce) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();
  std::vector<std::string> events;
  for (int i = 0; i < 3; ++i) {
    events.push_back(PostOk(port(), "celtra", "before " + std::to_string(i)));
  }
  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n")) << client->Stderr();

  stack_.KillCore();
  ASSERT_TRUE(PollUntil([&] { return Contains(client->Stderr(), "reconnecting in"); }, seconds(15)))
      << client->Stderr();
  // Stopped while disconnected, the client cannot reconnect before the next events are stored:
  // it must replay them.
  client->Signal(SIGSTOP);
  ASSERT_TRUE(stack_.RestartCore());
  events.push_back(PostOnceTheCoreIsBack(port(), "while disconnected 0"));
  events.push_back(PostOk(port(), "celtra", "while disconnected 1"));
  client->Signal(SIGCONT);
  ASSERT_TRUE(PollUntil([&] { return Contains(client->Stderr(), "reconnected to"); }, seconds(30)))
      << client->Stderr();
  events.push_back(PostOk(port(), "celtra", "live after the reconnect"));

  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n", seconds(30)))
      << client->Stdout() << client->Stderr();
  // One header block, then every event once, in order.
  EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()), events);
  const std::string stderr_text = client->Stderr();
  EXPECT_TRUE(Contains(stderr_text, "connection closed: code 1012")) << stderr_text;
  EXPECT_TRUE(Contains(stderr_text, "reconnected to 127.0.0.1:" + std::to_string(port()) +
                                        ", resuming after seq " + std::to_string(SeqOf(events[2]))))
      << stderr_text;
  EXPECT_TRUE(AllLinesPrefixed(stderr_text)) << stderr_text;
  EXPECT_FALSE(client->WaitExit(milliseconds(0)).has_value());  // still running
}

TEST_F(ClientPyTest, ReconnectsAfterTheEdgeRefusedWith503WhileTheCoreWasDown) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();
  std::vector<std::string> events = {PostOk(port(), "celtra", "before")};
  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n")) << client->Stderr();

  stack_.KillCore();
  ASSERT_TRUE(PollUntil([&] { return Contains(client->Stderr(), "503"); }, seconds(15)))
      << client->Stderr();
  ASSERT_TRUE(stack_.RestartCore());
  events.push_back(PostOnceTheCoreIsBack(port(), "after"));

  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n", seconds(30)))
      << client->Stdout() << client->Stderr();
  EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()), events);
  EXPECT_TRUE(Contains(client->Stderr(), "reconnect failed")) << client->Stderr();
  // stderr is a separate pipe: its line may be read a moment after the events on stdout.
  EXPECT_TRUE(PollUntil([&] { return Contains(client->Stderr(), "reconnected to"); }, seconds(10)))
      << client->Stderr();
}

TEST_F(ClientPyTest, MaxRetriesBoundsTheReconnectAttemptsThenExits1) {
  const auto client = RunClient(ClientPath(), {"celtra"}, {"--max-retries", "2"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  stack_.KillCore();

  EXPECT_EQ(client->WaitExit(seconds(20)), 1);
  const std::vector<std::string> lines = Lines(client->Stderr());
  ASSERT_EQ(lines.size(), 3u) << client->Stderr();  // the drop, one failed attempt, giving up
  EXPECT_TRUE(Contains(lines[0], "1012")) << lines[0];
  EXPECT_TRUE(Contains(lines[1], "reconnect failed")) << lines[1];
  EXPECT_TRUE(Contains(lines[1], "503")) << lines[1];
  EXPECT_TRUE(Contains(lines[2], "giving up after 2 reconnect attempts")) << lines[2];
}

TEST_F(ClientPyTest, SinceFlagPrintsTheStoredEventsAfterItThenLiveOnes) {
  std::vector<std::string> events;
  for (int i = 0; i < 3; ++i)
    events.push_back(PostOk(port(), "celtra", "stored " + std::to_string(i)));
  PostOk(port(), "acme", "other account");

  const auto client =
      RunClient(ClientPath(), {"celtra"}, {"--since", std::to_string(SeqOf(events[0]))});
  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n")) << client->Stdout() << client->Stderr();
  events.push_back(PostOk(port(), "celtra", "live"));

  ASSERT_TRUE(client->WaitForStdout(events.back() + "\n")) << client->Stdout() << client->Stderr();
  EXPECT_EQ(EventLinesAfterHeaderBlock(client->Stdout()),
            std::vector<std::string>(events.begin() + 1, events.end()));
  EXPECT_EQ(client->Stderr(), "");
}

TEST_F(ClientPyTest, SinceAheadOfTheNewestEventExitsWith1AndTheRefusal) {
  const uint64_t newest = SeqOf(PostOk(port(), "celtra", "newest"));
  const auto client =
      RunClient(ClientPath(), {"celtra"}, {"--since", std::to_string(newest + 1000000000)});
  EXPECT_EQ(client->WaitExit(), 1);
  EXPECT_EQ(client->Stdout(), "");
  EXPECT_TRUE(IsOneLine(client->Stderr())) << client->Stderr();
  EXPECT_TRUE(Contains(client->Stderr(), "400")) << client->Stderr();
}

TEST_F(ClientPyTest, MalformedSinceFlagIsAUsageError) {
  const auto client = RunClient(ClientPath(), {"celtra"}, {"--since", "abc"});
  EXPECT_EQ(client->WaitExit(), 2);
  EXPECT_TRUE(Contains(client->Stderr(), "--since")) << client->Stderr();
}

TEST_F(ClientPyTest, InterruptExitsQuietlyWith130) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();

  client->Signal(SIGINT);

  EXPECT_EQ(client->WaitExit(std::chrono::seconds(5)), 130);  // promptly, not after a timeout
  EXPECT_EQ(client->Stderr(), "");
}

TEST_F(ClientPyTest, InterruptWhileWaitingToReconnectExitsWith130) {
  const auto client = RunClient(ClientPath(), {"celtra"});
  ASSERT_TRUE(client->WaitForStdout(std::string(kHeaderEnd) + "\n")) << client->Stderr();
  stack_.KillCore();
  ASSERT_TRUE(PollUntil([&] { return Contains(client->Stderr(), "reconnecting in"); }, seconds(15)))
      << client->Stderr();

  client->Signal(SIGINT);

  EXPECT_EQ(client->WaitExit(seconds(5)), 130);
}

// The first connection is not retried: a wrong address or port is reported at once.
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
  EXPECT_NE(client.Stdout().find("--since SEQ"), std::string::npos) << client.Stdout();
  EXPECT_NE(client.Stdout().find("--max-retries K"), std::string::npos) << client.Stdout();
}

// With retention keeping only the newest 5 events, --since 0 prints the kept events and reports
// on stderr where they start.
TEST(ClientPyRetentionTest, TruncatedBeforeFrameIsReportedOnStderr) {
  unsetenv("PYTHONUNBUFFERED");
  EdgeStack stack(
      EdgeStackOptions{{}, {}, {"--retention_max_events=5", "--retention_interval=50ms"}});
  ASSERT_TRUE(stack.Start());
  for (int i = 0; i < 20; ++i) PostOk(stack.edge_port(), "celtra", std::to_string(i));
  std::optional<EventsPage> kept;
  ASSERT_TRUE(PollUntil(
      [&] {
        kept = GetEventsPage(stack.edge_port(), "?since=0&limit=1000");
        return kept && kept->truncated_before != 0 && kept->events.size() <= 5;
      },
      seconds(10)));

  ChildProcess client(ClientArgv(ClientPath(), stack.edge_port(), {"celtra"}, {"--since", "0"}));
  ASSERT_TRUE(client.WaitForStdout(kept->events.back() + "\n"))
      << client.Stdout() << client.Stderr();

  EXPECT_EQ(EventLinesAfterHeaderBlock(client.Stdout()), kept->events);
  // stderr is a separate pipe: its line may be read a moment after the events on stdout.
  const std::string expected =
      "events before seq " + std::to_string(kept->truncated_before) + " were deleted by retention";
  EXPECT_TRUE(PollUntil([&] { return Contains(client.Stderr(), expected); }, seconds(10)))
      << client.Stderr();
  EXPECT_TRUE(IsOneLine(client.Stderr())) << client.Stderr();
}

}  // namespace
}  // namespace beacon::testing
