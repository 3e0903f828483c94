// beacon-bench against a real beacon-core and beacon-edge, small scale: the tool must count
// correctly and fail clearly. No timing assertions.

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "free_port.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "run_command.h"

namespace beacon::testing {
namespace {

constexpr std::chrono::seconds kCommandTimeout(25);

size_t LineCount(const std::string& text) {
  size_t lines = 0;
  for (const char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

// Sets each binary's variable to the path compiled in unless the environment already has it
// (see CMakeLists.txt for why ctest may pass only the first one).
void DefaultBinaryPaths() {
  setenv("BEACON_CORE_BIN", BENCH_TEST_CORE_BIN, /*overwrite=*/0);
  setenv("BEACON_EDGE_BIN", BENCH_TEST_EDGE_BIN, /*overwrite=*/0);
  setenv("BEACON_BENCH_BIN", BENCH_TEST_BENCH_BIN, /*overwrite=*/0);
}

class BenchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DefaultBinaryPaths();
    core_ = std::make_unique<BeaconProcess>(
        BinaryPath("BEACON_CORE_BIN"),
        std::vector<std::string>{"--listen=127.0.0.1:0", "--data_dir=" + data_.path()});
    ASSERT_TRUE(core_->Start()) << core_->error();
    edge_ = std::make_unique<BeaconProcess>(
        BinaryPath("BEACON_EDGE_BIN"),
        std::vector<std::string>{"--listen=127.0.0.1:0", "--core=" + CoreAddress()});
    ASSERT_TRUE(edge_->Start()) << edge_->error();
  }

  CommandResult Bench(std::vector<std::string> args) {
    return RunCommand(BinaryPath("BEACON_BENCH_BIN"), args, kCommandTimeout);
  }

  // Runs the bench with --json, expects exit code `exit_code` and returns the parsed report.
  nlohmann::json BenchJson(std::vector<std::string> args, int exit_code = 0) {
    args.push_back("--json");
    const CommandResult result = Bench(args);
    EXPECT_EQ(result.exit_code, exit_code) << "stderr: " << result.err;
    const nlohmann::json report = nlohmann::json::parse(result.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << "stdout: " << result.out;
    EXPECT_EQ(LineCount(result.out), 1u) << result.out;
    return report.is_discarded() ? nlohmann::json::object() : report;
  }

  // address() is the rest of the "listening on" line, which may carry more words; the port
  // alone is reliable.
  std::string CoreAddress() const { return "127.0.0.1:" + std::to_string(core_->port()); }
  std::string EdgeAddress() const { return "127.0.0.1:" + std::to_string(edge_->port()); }
  std::string EdgeFlag() const { return "--edge=" + EdgeAddress(); }
  std::string CoreFlag() const { return "--core=" + CoreAddress(); }

  TempDir data_;
  std::unique_ptr<BeaconProcess> core_;
  std::unique_ptr<BeaconProcess> edge_;
};

TEST_F(BenchTest, FanoutDeliversEveryAcceptedEventToEverySubscriberOnce) {
  const nlohmann::json report =
      BenchJson({"fanout", "--via=grpc", "--subscribers=10", "--rate=100", "--duration=2s",
                 "--payload=100", EdgeFlag(), CoreFlag()});
  EXPECT_EQ(report["params"].value("via", ""), "grpc");
  EXPECT_EQ(report.value("subscribers_connected", -1), 10);
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("lost", -1), 0);
  EXPECT_EQ(report.value("duplicated", -1), 0);
  EXPECT_EQ(report.value("out_of_order", -1), 0);
  EXPECT_EQ(report.value("violations", -1), 0);
  EXPECT_EQ(report.value("deliveries", -1), report.value("accepted", 0) * 10);
  EXPECT_EQ(report["e2e_latency_us"].value("count", -1), report.value("deliveries", 0));
}

TEST_F(BenchTest, FanoutAtMaxRateStaysCorrect) {
  const nlohmann::json report = BenchJson({"fanout", "--via=grpc", "--subscribers=3", "--rate=max",
                                           "--duration=1s", EdgeFlag(), CoreFlag()});
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("violations", -1), 0);
  EXPECT_EQ(report.value("deliveries", -1), report.value("accepted", 0) * 3);
}

TEST_F(BenchTest, FanoutOverRestDeliversEveryAcceptedPostToEverySubscriberOnce) {
  const nlohmann::json report =
      BenchJson({"fanout", "--via=rest", "--subscribers=3", "--rate=150", "--duration=2s",
                 "--payload=100", EdgeFlag(), CoreFlag()});
  EXPECT_EQ(report["params"].value("via", ""), "rest");
  EXPECT_EQ(report.value("subscribers_connected", -1), 3);
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("accepted", -1), report.value("sent", 0)) << report["track_errors"].dump();
  EXPECT_EQ(report["track_errors"].size(), 0u) << report["track_errors"].dump();
  EXPECT_EQ(report.value("lost", -1), 0);
  EXPECT_EQ(report.value("duplicated", -1), 0);
  EXPECT_EQ(report.value("out_of_order", -1), 0);
  EXPECT_EQ(report.value("violations", -1), 0);
  EXPECT_EQ(report.value("deliveries", -1), report.value("accepted", 0) * 3);
  EXPECT_EQ(report["track_latency_us"].value("count", -1), report.value("accepted", 0));
}

TEST_F(BenchTest, FanoutOverRestAtMaxRateStaysCorrect) {
  const nlohmann::json report = BenchJson(
      {"fanout", "--via=rest", "--subscribers=3", "--rate=max", "--duration=1s", EdgeFlag()});
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("violations", -1), 0);
}

// Fanout publishes over REST unless told otherwise, and then needs no core address: one that
// nothing listens on does not matter.
TEST_F(BenchTest, FanoutPublishesOverRestByDefault) {
  const std::string unused_core = "--core=127.0.0.1:" + std::to_string(UnusedPort());
  const nlohmann::json report = BenchJson(
      {"fanout", "--subscribers=1", "--rate=50", "--duration=500ms", EdgeFlag(), unused_core});
  EXPECT_EQ(report["params"].value("via", ""), "rest");
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("violations", -1), 0);
}

// One --via flag, two defaults: ingest still tracks over gRPC on --core unless told otherwise.
TEST_F(BenchTest, IngestStillDefaultsToGrpc) {
  const nlohmann::json report =
      BenchJson({"ingest", "--concurrency=2", "--duration=300ms", CoreFlag()});
  EXPECT_EQ(report["params"].value("via", ""), "grpc");
  EXPECT_EQ(report["params"].value("target", ""), CoreAddress());
  EXPECT_GT(report.value("accepted", 0), 0);
}

TEST_F(BenchTest, UnknownViaIsRefused) {
  const CommandResult result = Bench({"fanout", "--via=websocket", EdgeFlag()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--via"), std::string::npos) << result.err;
}

TEST_F(BenchTest, IngestOverGrpcAcceptsWithoutErrors) {
  const nlohmann::json report = BenchJson(
      {"ingest", "--via=grpc", "--concurrency=8", "--duration=1s", "--target=" + CoreAddress()});
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("errors_total", -1), 0) << report["errors"].dump();
  EXPECT_EQ(report["track_latency_us"].value("count", -1), report.value("accepted", 0));
}

TEST_F(BenchTest, IngestOverRestAcceptsWithoutErrors) {
  const nlohmann::json report = BenchJson(
      {"ingest", "--via=rest", "--concurrency=8", "--duration=1s", "--target=" + EdgeAddress()});
  EXPECT_GT(report.value("accepted", 0), 0);
  EXPECT_EQ(report.value("errors_total", -1), 0) << report["errors"].dump();
}

TEST_F(BenchTest, IdleReportsMemoryOfTheGivenProcesses) {
  const nlohmann::json report =
      BenchJson({"idle", "--connections=20", "--hold=0s", EdgeFlag(),
                 "--pid=" + std::to_string(edge_->pid()), "--pid=" + std::to_string(core_->pid())});
  EXPECT_EQ(report.value("connected", -1), 20);
  EXPECT_EQ(report.value("connect_failures", -1), 0);
  EXPECT_EQ(report["memory"].size(), 2u) << report.dump();
}

TEST_F(BenchTest, UnreachableCoreIsOneClearLineAndNonZeroExit) {
  const std::string target = "127.0.0.1:" + std::to_string(UnusedPort());
  const CommandResult result =
      Bench({"ingest", "--via=grpc", "--duration=1s", "--target=" + target, "--json"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(LineCount(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find("cannot reach beacon-core at " + target), std::string::npos)
      << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(BenchTest, UnreachableEdgeIsOneClearLineAndNonZeroExit) {
  const std::string target = "127.0.0.1:" + std::to_string(UnusedPort());
  const CommandResult result =
      Bench({"fanout", "--subscribers=2", "--duration=1s", "--edge=" + target, CoreFlag()});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(LineCount(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find("cannot reach beacon-edge at " + target), std::string::npos)
      << result.err;
}

TEST_F(BenchTest, MoreThanOneAccountIsRefusedForNow) {
  const CommandResult result =
      Bench({"fanout", "--accounts=2", "--duration=1s", EdgeFlag(), CoreFlag()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--accounts"), std::string::npos) << result.err;
}

TEST_F(BenchTest, NonLoopbackTargetIsRefused) {
  const CommandResult result = Bench({"ingest", "--via=rest", "--target=192.0.2.1:80"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("non-loopback"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace beacon::testing
