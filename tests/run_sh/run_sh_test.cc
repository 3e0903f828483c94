// ./run.sh run the way a person runs it, as a real subprocess on free ports: requests sent the
// moment its ports open, a daemon killed under it, Ctrl-C, and a core that cannot start.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "beacon_process.h"
#include "child_process.h"
#include "edge_http.h"
#include "free_port.h"
#include "gtest/gtest.h"
#include "polling.h"
#include "ws_subscriber.h"

namespace beacon::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

bool Alive(pid_t pid) { return kill(pid, 0) == 0; }

int StatusOf(const httplib::Result& result) { return result ? result->status : 0; }

// run.sh on free ports with a fresh data folder, running the binaries under test (no build).
class RunSh {
 public:
  explicit RunSh(int core_port = UnusedPort())
      : core_port_(core_port),
        edge_port_(UnusedPort()),
        process_(std::make_unique<ChildProcess>(
            std::vector<std::string>{"/bin/bash", BinaryPath("BEACON_RUN_SH")},
            std::vector<std::string>{
                "BEACON_SKIP_BUILD=1",
                "BEACON_CORE_BIN=" + BinaryPath("BEACON_CORE_BIN"),
                "BEACON_EDGE_BIN=" + BinaryPath("BEACON_EDGE_BIN"),
                "BEACON_DATA_DIR=" + data_.path(),
                "BEACON_CORE_ADDRESS=127.0.0.1:" + std::to_string(core_port_),
                "BEACON_EDGE_ADDRESS=127.0.0.1:" + std::to_string(edge_port_),
                "BEACON_CORE_ADMIN_ADDRESS=127.0.0.1:" + std::to_string(UnusedPort()),
                "BEACON_EDGE_ADMIN_ADDRESS=127.0.0.1:" + std::to_string(UnusedPort()),
            })) {}

  int core_port() const { return core_port_; }
  int edge_port() const { return edge_port_; }
  ChildProcess& process() { return *process_; }

  // Waits until both daemons answer: a POST stored through the edge.
  ::testing::AssertionResult WaitServing(milliseconds timeout = seconds(20)) {
    if (PollUntil([&] { return StatusOf(PostEvent(edge_port_, "celtra", "ready?")) == 200; },
                  timeout)) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "not serving; stderr:\n" << process_->Stderr();
  }

  // The pids run.sh reported for `name` ("run.sh: started NAME (pid N)"), in start order.
  std::vector<pid_t> StartedPids(const std::string& name) const {
    const std::string out = process_->Stdout();
    const std::regex started("run\\.sh: started " + name + " \\(pid ([0-9]+)\\)");
    std::vector<pid_t> pids;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), started);
         it != std::sregex_iterator(); ++it) {
      pids.push_back(static_cast<pid_t>(std::stol((*it)[1])));
    }
    return pids;
  }

 private:
  TempDir data_;
  const int core_port_;
  const int edge_port_;
  std::unique_ptr<ChildProcess> process_;
};

TEST(RunShTest, RequestsSentTheMomentBothPortsOpenSucceed) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    SCOPED_TRACE("start " + std::to_string(attempt + 1));
    RunSh run;
    ASSERT_TRUE(PollUntil([&] { return PortAccepts(run.core_port()) && PortAccepts(run.edge_port()); },
                          seconds(20), milliseconds(2)))
        << run.process().Stderr();
    const auto post = PostEvent(run.edge_port(), "celtra", "first");
    WsSubscriber subscriber(run.edge_port(), "?account=celtra");
    const auto health = Get(run.edge_port(), "/healthz");
    EXPECT_EQ(StatusOf(post), 200) << Describe(post);
    EXPECT_TRUE(subscriber.WaitOpen()) << subscriber.close_reason();
    EXPECT_EQ(StatusOf(health), 200) << Describe(health);
    run.process().Signal(SIGINT);
    EXPECT_EQ(run.process().WaitExit(seconds(20)), 0) << run.process().Stderr();
  }
}

TEST(RunShTest, KilledCoreIsRestartedAloneAndTheEdgeServesAgain) {
  RunSh run;
  ASSERT_TRUE(run.WaitServing());
  const pid_t core = run.StartedPids("beacon-core").at(0);
  const pid_t edge = run.StartedPids("beacon-edge").at(0);
  WsSubscriber subscriber(run.edge_port(), "?account=celtra");
  ASSERT_TRUE(subscriber.WaitOpen());

  ASSERT_EQ(kill(core, SIGKILL), 0);
  // While the core is down: the WebSocket gets 1012, POSTs and /healthz 503. (A POST that arrives
  // in the instant before the edge has seen the connection fail waits for the core instead, and
  // may be stored once it is back: so the 503s are checked once the edge knows.)
  ASSERT_TRUE(subscriber.WaitClosed(seconds(10)));
  EXPECT_EQ(subscriber.close_code(), 1012) << subscriber.close_reason();
  ASSERT_TRUE(run.process().WaitForStderr("WARNING beacon-edge: core unreachable", seconds(5)))
      << run.process().Stderr();
  EXPECT_TRUE(IsJsonError(PostEvent(run.edge_port(), "celtra", "during the outage"), 503));
  EXPECT_TRUE(IsJsonError(Get(run.edge_port(), "/healthz"), 503));
  EXPECT_TRUE(run.process().WaitForStderr("run.sh: beacon-core was killed by SIGKILL", seconds(5)))
      << run.process().Stderr();

  // The core is back within a few seconds; the same edge serves POSTs and new subscriptions.
  ASSERT_TRUE(run.WaitServing(seconds(10)));
  WsSubscriber resumed(run.edge_port(), "?account=celtra");
  ASSERT_TRUE(resumed.WaitOpen());
  const std::string event = PostOk(run.edge_port(), "celtra", "after the restart");
  EXPECT_EQ(resumed.WaitForMessages(1), std::vector<std::string>{event});
  EXPECT_EQ(run.StartedPids("beacon-core").size(), 2u);
  EXPECT_EQ(run.StartedPids("beacon-edge"), std::vector<pid_t>{edge});
  EXPECT_TRUE(Alive(edge));
  run.process().Signal(SIGTERM);
  EXPECT_EQ(run.process().WaitExit(seconds(20)), 0);
}

TEST(RunShTest, KilledEdgeComesBackOnItsPort) {
  RunSh run;
  ASSERT_TRUE(run.WaitServing());
  const pid_t edge = run.StartedPids("beacon-edge").at(0);
  ASSERT_EQ(kill(edge, SIGKILL), 0);
  EXPECT_TRUE(run.process().WaitForStderr("run.sh: beacon-edge was killed by SIGKILL", seconds(5)))
      << run.process().Stderr();
  ASSERT_TRUE(run.WaitServing(seconds(10)));
  const std::vector<pid_t> edges = run.StartedPids("beacon-edge");
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_NE(edges[1], edge);
  EXPECT_EQ(run.StartedPids("beacon-core").size(), 1u);
}

TEST(RunShTest, SigintStopsBothDaemonsAndExitsZero) {
  RunSh run;
  ASSERT_TRUE(run.WaitServing());
  const pid_t core = run.StartedPids("beacon-core").at(0);
  const pid_t edge = run.StartedPids("beacon-edge").at(0);
  run.process().Signal(SIGINT);
  EXPECT_EQ(run.process().WaitExit(seconds(20)), 0) << run.process().Stderr();
  EXPECT_FALSE(Alive(core));
  EXPECT_FALSE(Alive(edge));
  EXPECT_FALSE(PortAccepts(run.edge_port()));
}

TEST(RunShTest, CoreThatCannotStartEndsRunShWithOneClearLine) {
  // Something else holds the core's port.
  const int core_port = UnusedPort();
  const int blocker = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(core_port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(blocker, 1), 0);
  RunSh run(core_port);

  const std::optional<int> exit_code = run.process().WaitExit(seconds(40));
  close(blocker);
  ASSERT_TRUE(exit_code.has_value()) << run.process().Stderr();
  EXPECT_NE(*exit_code, 0);
  const std::string err = run.process().Stderr();
  const std::string last_line = err.substr(err.rfind('\n', err.size() - 2) + 1);
  EXPECT_EQ(last_line.rfind("run.sh: beacon-core keeps exiting right after it starts (it exited "
                            "with code 1, 3 times in a row); gave up and stopped everything",
                            0),
            0u)
      << err;
}

}  // namespace
}  // namespace beacon::testing
