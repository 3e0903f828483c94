#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "beacon_process.h"
#include "free_port.h"
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
// folder; StartExtraEdge() adds more edges against the same core. Threading: use from the test
// thread. Lifetime: the destructor kills every process.
class EdgeStack {
 public:
  explicit EdgeStack(EdgeStackOptions options = {});

  ::testing::AssertionResult Start();
  // After Start(): one more beacon-edge (same flags) against the core, as edge(edge_count() - 1).
  ::testing::AssertionResult StartExtraEdge();
  void KillCore();
  // Kills the core (SIGKILL) if it runs, then starts a new one on its port and database.
  ::testing::AssertionResult RestartCore();
  // Stops the core with SIGTERM, expecting a clean exit (0) within `timeout`, then starts a new
  // one on its port and database.
  ::testing::AssertionResult RestartCoreGracefully(
      std::chrono::milliseconds timeout = std::chrono::seconds(15));

  // Edge 0 is the one Start() started.
  int edge_port(size_t index = 0) const { return edges_.at(index)->port(); }
  int core_port() const { return core_port_; }
  // The core's database folder (holds admin_token once the core started).
  std::string core_data_dir() const { return dir_.path() + "/core"; }
  BeaconProcess& edge(size_t index = 0) { return *edges_.at(index); }
  size_t edge_count() const { return edges_.size(); }

 private:
  ::testing::AssertionResult StartCore(int port);
  ::testing::AssertionResult StartEdge();

  EdgeStackOptions options_;
  TempDir dir_;
  std::unique_ptr<BeaconProcess> core_;
  std::vector<std::unique_ptr<BeaconProcess>> edges_;
  int core_port_ = 0;
};

// A beacon-edge whose --core points at a port where nothing listens.
std::unique_ptr<BeaconProcess> StartEdgeWithoutCore();

}  // namespace beacon::testing
