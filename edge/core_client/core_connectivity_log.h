#pragma once

#include <grpc/grpc.h>

namespace beacon::edge {

// Logs the channel to the core changing between connected ("core connected", info) and failing
// ("core unreachable", warning, with the state). IDLE and CONNECTING are passing states and are
// not logged. Fed every state the channel goes through by CoreChannel's watcher.
// Threading: one thread at a time (the watcher's).
class CoreConnectivityLog {
 public:
  void Observe(grpc_connectivity_state state);

 private:
  enum class Known { kNothing, kConnected, kUnreachable };

  Known known_ = Known::kNothing;
};

}  // namespace beacon::edge
