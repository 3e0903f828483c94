#pragma once

#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "gtest/gtest.h"

namespace beacon::testing {

struct EdgeStackOptions {
  std::vector<std::string> edge_flags;
  // Active accounts stored before the core first opens its database, in addition to the ones
  // the core seeds itself (celtra active, test inactive).
  std::vector<std::string> extra_active_accounts;
  // Passed to beacon-core after --listen and --data_dir, also when it is restarted (e.g.
  // --retention_max_events=5, --subscriber_queue_events=16).
  std::vector<std::string> core_flags;
};

// A real beacon-core and beacon-edge on ephemeral ports, the core's database in a temporary
// folder. Threading: use from the test thread. Lifetime: the destructor kills both processes.
class EdgeStack {
 public:
  explicit EdgeStack(EdgeStackOptions options = {});

  ::testing::AssertionResult Start();
  void KillCore();
  // Kills the core (SIGKILL) if it runs, then starts a new one on its port and database.
  ::testing::AssertionResult RestartCore();

  int edge_port() const { return edge_->port(); }
  int core_port() const { return core_port_; }
  // The core's database folder (holds admin_token once the core started).
  std::string core_data_dir() const { return dir_.path() + "/core"; }
  BeaconProcess& edge() { return *edge_; }

 private:
  ::testing::AssertionResult StartCore(int port);

  EdgeStackOptions options_;
  TempDir dir_;
  std::unique_ptr<BeaconProcess> core_;
  std::unique_ptr<BeaconProcess> edge_;
  int core_port_ = 0;
};

// A loopback port that nothing listens on (bound by the kernel's choice, then released).
int UnusedPort();

// A beacon-edge whose --core points at a port where nothing listens.
std::unique_ptr<BeaconProcess> StartEdgeWithoutCore();

}  // namespace beacon::testing
