#ifndef BEACON_EDGE_CORE_CHANNEL_H_
#define BEACON_EDGE_CORE_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace beacon::edge {

// The one gRPC channel from the edge to beacon-core, and the stubs on it.
// Threading: immutable after construction; gRPC channels and stubs may be used from any thread.
// Lifetime: must outlive every call started through its stubs.
// gRPC's name of a channel state: IDLE, CONNECTING, READY, TRANSIENT_FAILURE, SHUTDOWN.
const char* ChannelStateName(grpc_connectivity_state state);

class CoreChannel {
 public:
  // `credentials`: insecure, or TLS towards the core (LoadEdgeTls). The health probe and every
  // call share this channel, so /healthz reports exactly what calls would meet.
  CoreChannel(const std::string& core_address,
              const std::shared_ptr<grpc::ChannelCredentials>& credentials);

  beacon::v1::Tracking::Stub& tracking() const { return *tracking_; }
  grpc::health::v1::Health::Stub& health() const { return *health_; }

  // Whether the channel has a connection to the core now (READY); never starts connecting.
  bool Connected() const;
  // The channel's state; with `try_to_connect` an IDLE channel starts connecting.
  grpc_connectivity_state State(bool try_to_connect) const;
  // OK when the channel is READY or the core answers a health check (SERVING) within `timeout`;
  // else UNAVAILABLE naming the channel's state. The health check waits for a connection and so
  // makes a failed or idle channel reconnect at once (gRPC otherwise waits for the next call).
  // Blocks the calling thread: for the admin server's /readyz, never the io thread.
  absl::Status CheckServing(absl::Duration timeout) const;

 private:
  const std::shared_ptr<grpc::Channel> channel_;
  const std::unique_ptr<beacon::v1::Tracking::Stub> tracking_;
  const std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_CORE_CHANNEL_H_
