#include "edge_stack.h"

#include <signal.h>

#include "stored_accounts.h"

namespace beacon::testing {
namespace {

std::string CoreDataDir(const TempDir& dir) { return dir.path() + "/core"; }

}  // namespace

EdgeStack::EdgeStack(EdgeStackOptions options) : options_(std::move(options)) {}

::testing::AssertionResult EdgeStack::StartCore(int port) {
  std::vector<std::string> args = {"--listen=127.0.0.1:" + std::to_string(port),
                                   "--data_dir=" + CoreDataDir(dir_)};
  args.insert(args.end(), options_.core_flags.begin(), options_.core_flags.end());
  core_ = std::make_unique<BeaconProcess>(BinaryPath("BEACON_CORE_BIN"), std::move(args));
  if (!core_->Start()) return ::testing::AssertionFailure() << core_->error();
  core_port_ = core_->port();
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult EdgeStack::Start() {
  if (!options_.extra_active_accounts.empty()) {
    auto stored = StoreActiveAccounts(CoreDataDir(dir_), options_.extra_active_accounts);
    if (!stored) return stored;
  }
  if (auto started = StartCore(0); !started) return started;
  return StartEdge();
}

::testing::AssertionResult EdgeStack::StartEdge() {
  std::vector<std::string> args = {"--listen=127.0.0.1:0",
                                   "--core=127.0.0.1:" + std::to_string(core_port_)};
  args.insert(args.end(), options_.edge_flags.begin(), options_.edge_flags.end());
  edges_.push_back(std::make_unique<BeaconProcess>(BinaryPath("BEACON_EDGE_BIN"), std::move(args)));
  if (!edges_.back()->Start()) return ::testing::AssertionFailure() << edges_.back()->error();
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult EdgeStack::StartExtraEdge() {
  if (core_ == nullptr) return ::testing::AssertionFailure() << "StartExtraEdge before Start";
  return StartEdge();
}

void EdgeStack::KillCore() { core_->Kill(); }

::testing::AssertionResult EdgeStack::RestartCore() {
  core_->Kill();
  return StartCore(core_port_);
}

::testing::AssertionResult EdgeStack::RestartCoreGracefully(std::chrono::milliseconds timeout) {
  if (const int exit_code = core_->Stop(SIGTERM, timeout); exit_code != 0) {
    return ::testing::AssertionFailure()
           << "beacon-core exited with " << exit_code << " after SIGTERM (-1: killed or signal)";
  }
  return StartCore(core_port_);
}

std::unique_ptr<BeaconProcess> StartEdgeWithoutCore() {
  auto edge = std::make_unique<BeaconProcess>(
      BinaryPath("BEACON_EDGE_BIN"),
      std::vector<std::string>{"--listen=127.0.0.1:0",
                               "--core=127.0.0.1:" + std::to_string(UnusedPort())});
  EXPECT_TRUE(edge->Start()) << edge->error();
  return edge;
}

}  // namespace beacon::testing
