// ChildProcess, the tests' one process spawner, and RunCommand on top of it: exit codes versus
// signals, the bounds of the captured output, and waits that see everything that went by.
#include "child_process.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "beacon_process.h"
#include "gtest/gtest.h"
#include "run_command.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

std::vector<std::string> Shell(const std::string& script) { return {"/bin/sh", "-c", script}; }

TEST(ChildProcessTest, TellsAnExitCodeFromASignal) {
  ChildProcess exited(Shell("exit 137"));
  EXPECT_EQ(exited.WaitExit(), 137);
  EXPECT_FALSE(exited.EndedBySignal());

  ChildProcess killed(Shell("kill -KILL $$"));
  EXPECT_EQ(killed.WaitExit(), 128 + SIGKILL);
  EXPECT_TRUE(killed.EndedBySignal());
}

TEST(ChildProcessTest, KillEndsTheWholeProcessGroup) {
  // The grandchild holds the pipes: WaitExit() could not return if it survived.
  ChildProcess child(Shell("sleep 60 & echo started; wait"));
  ASSERT_TRUE(child.WaitForStdout("started\n"));
  EXPECT_EQ(child.Kill(), 128 + SIGKILL);
  EXPECT_TRUE(child.EndedBySignal());
}

TEST(ChildProcessTest, WaitForStdoutReturnsOnceTheChildHasExited) {
  ChildProcess child(Shell("echo something else"));
  const auto start = steady_clock::now();
  EXPECT_FALSE(child.WaitForStdout("never printed", seconds(10)));
  EXPECT_LT(steady_clock::now() - start, seconds(5));
  EXPECT_EQ(child.WaitExit(), 0);
  EXPECT_EQ(child.Stdout(), "something else\n");
}

TEST(ChildProcessTest, StderrCanGoToTheTestsOwn) {
  ChildProcess child(Shell("echo out; echo 'ChildProcessTest: expected on stderr' >&2"), {},
                     ChildProcess::StderrTo::kTest);
  EXPECT_EQ(child.WaitExit(), 0);
  EXPECT_EQ(child.Stdout(), "out\n");
  EXPECT_EQ(child.Stderr(), "");
}

TEST(ChildProcessTest, KeepsTheHeadAndTheTailOfLargeOutput) {
  // 30 MB of lines of 99 x's, between a first and a last line.
  ChildProcess child(Shell(
      "echo FIRST; yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      "xxxxxxxxxxxxxxxxxxxxxxxxxx | head -n 300000; echo LAST"));
  ASSERT_EQ(child.WaitExit(seconds(60)), 0);
  const std::string out = child.Stdout();
  EXPECT_LT(out.size(), size_t{11} << 20);
  EXPECT_GT(out.size(), size_t{8} << 20);
  EXPECT_EQ(out.rfind("FIRST\n", 0), 0u);
  EXPECT_EQ(out.substr(out.size() - 5), "LAST\n");
  const size_t marker = out.find(" bytes of output dropped ...]\n");
  ASSERT_NE(marker, std::string::npos);
  EXPECT_EQ(out.find(" bytes of output dropped", marker + 1), std::string::npos);
  // The tail starts with a whole line.
  const size_t tail = out.find('\n', marker) + 1;
  EXPECT_EQ(out.find('\n', tail) - tail, 99u);
}

TEST(ChildProcessTest, WaitForStdoutFindsTextThatWasDroppedWhileItWaited) {
  // The child writes the needle after 2 MB and then 20 MB more, once the test waits for it.
  TempDir dir;
  const std::string go = dir.path() + "/go";
  ChildProcess child(Shell("while [ ! -e " + go +
                           " ]; do sleep 0.01; done; head -c 2000000 /dev/zero; echo NEEDLE; "
                           "head -c 20000000 /dev/zero; echo END"));
  std::thread starter([&] {
    std::this_thread::sleep_for(milliseconds(200));
    std::ofstream(go).put('\n');
  });
  EXPECT_TRUE(child.WaitForStdout("NEEDLE\n", seconds(30)));
  starter.join();
  ASSERT_EQ(child.WaitExit(seconds(30)), 0);
  EXPECT_EQ(child.Stdout().find("NEEDLE"), std::string::npos);  // dropped since
  EXPECT_TRUE(child.WaitForStdout("END\n", seconds(1)));
}

TEST(RunCommandTest, CapturesBothStreamsAndTheExitCode) {
  const CommandResult result =
      RunCommand("/bin/sh", {"-c", "echo out; echo err >&2; exit 3"}, seconds(10));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
}

TEST(RunCommandTest, ASignalOrTheTimeoutGivesMinusOne) {
  EXPECT_EQ(RunCommand("/bin/sh", {"-c", "kill -TERM $$"}, seconds(10)).exit_code, -1);
  const auto start = steady_clock::now();
  const CommandResult result = RunCommand("/bin/sh", {"-c", "echo before; sleep 60"}, seconds(1));
  EXPECT_LT(steady_clock::now() - start, seconds(10));
  EXPECT_EQ(result.exit_code, -1);
  EXPECT_EQ(result.out, "before\n");
}

}  // namespace
}  // namespace beacon::testing
