#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/bench/host_port.h"

namespace beacon::bench {

struct SubscriberPoolOptions {
  HostPort edge;
  std::string resource = "/subscribe";  // Path and query, e.g. "/subscribe?account=celtra".
  int connections = 1;
  int shards = 2;                    // One websocketpp client endpoint and I/O thread each.
  int max_pending_handshakes = 256;  // Per shard, so a large pool does not storm the edge.
};

// Called on the I/O thread of shard `shard` for every text frame of connection `index`, with
// the time it was read (SteadyNanos()).
using FrameHandler =
    std::function<void(int shard, int index, const std::string& payload, int64_t received_ns)>;

// Summary of what happened to the pool's connections.
struct SubscriberPoolCounts {
  int open = 0;
  std::map<std::string, uint64_t> failed;            // Handshake failures by reason.
  std::map<std::string, uint64_t> closed_by_server;  // Closes we did not ask for, by code.
};

class SubscriberShard;

// S WebSocket subscribers to beacon-edge spread over a few websocketpp asio client endpoints,
// each run by one I/O thread (connection i belongs to shard i % shards).
//
// Threading: Open(), IsOpen(), Counts() and CloseAll() are called from one controlling
// thread; the FrameHandler runs on the shard threads, concurrently across shards but never
// concurrently for one shard, so per-shard state needs no lock. Lifetime: the destructor
// closes every connection and joins the threads; the FrameHandler must outlive the pool.
class SubscriberPool {
 public:
  SubscriberPool(SubscriberPoolOptions options, FrameHandler on_frame);
  ~SubscriberPool();
  SubscriberPool(const SubscriberPool&) = delete;
  SubscriberPool& operator=(const SubscriberPool&) = delete;

  // Connects every subscriber and waits until each is open or failed (or `timeout` passed).
  void Open(absl::Duration timeout);
  // Whether connection `index` is open now.
  bool IsOpen(int index) const;
  SubscriberPoolCounts Counts() const;
  // Closes every connection (going away) and waits up to `timeout` for the closes, then stops
  // the I/O threads. No FrameHandler call happens after it returns.
  void CloseAll(absl::Duration timeout);

  int shard_count() const { return static_cast<int>(shards_.size()); }

 private:
  const SubscriberPoolOptions options_;
  const FrameHandler on_frame_;
  std::vector<std::unique_ptr<SubscriberShard>> shards_;
};

}  // namespace beacon::bench
