#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace beacon::edge {

// Subscribe's full method name, for calls made through CoreChannel::raw_subscribe().
inline constexpr char kSubscribeMethod[] = "/beacon.v1.Tracking/Subscribe";

// Subscribe through the generic stub: the request as a message, the responses as raw bytes.
using RawSubscribeStub = grpc::TemplatedGenericStub<beacon::v1::SubscribeRequest, grpc::ByteBuffer>;

// gRPC's name of a channel state: IDLE, CONNECTING, READY, TRANSIENT_FAILURE, SHUTDOWN.
const char* ChannelStateName(grpc_connectivity_state state);

// The edge's gRPC channels to beacon-core, and the stubs on them: one for the unary calls (Track,
// ListEvents, health checks) and one for the Subscribe streams, each on its own HTTP/2
// connection, so that a POST's Track answer never queues behind a burst of stream messages in
// the same TCP stream. A watcher thread follows the calls channel's state from construction on:
// it keeps both channels connecting (gRPC otherwise waits for the next call before
// reconnecting), logs the core connecting and failing (CoreConnectivityLog), and knows whether
// the core is known to be down (see WaitForReady()).
//
// Threading: every method may be called from any thread; gRPC channels and stubs are
// thread-safe. Lifetime: must outlive every call started through its stubs; the destructor
// stops the watcher (within 250 ms).
class CoreChannel {
 public:
  // `credentials`: insecure, or TLS towards the core (LoadEdgeTls). The health probe and every
  // call share this channel, so /healthz reports exactly what calls would meet.
  CoreChannel(const std::string& core_address,
              const std::shared_ptr<grpc::ChannelCredentials>& credentials);
  ~CoreChannel();
  CoreChannel(const CoreChannel&) = delete;
  CoreChannel& operator=(const CoreChannel&) = delete;

  beacon::v1::Tracking::Stub& tracking() const { return *tracking_; }
  grpc::health::v1::Health::Stub& health() const { return *health_; }
  RawSubscribeStub& raw_subscribe() const { return *raw_subscribe_; }

  // Whether the channel has a connection to the core now (READY); never starts connecting.
  bool Connected() const;
  // What a call should set as gRPC's wait_for_ready: true unless the core is known to be down,
  // i.e. a connection attempt failed and none succeeded since. So a call made while the channel
  // is still connecting (the edge just started, or the connection just dropped) waits for it
  // within the call's deadline instead of failing at once, and calls fail fast during an outage.
  bool WaitForReady() const { return !known_down_.load(std::memory_order_relaxed); }
  // Blocks until both channels are READY or `timeout` passes; true when they are.
  bool WaitForConnected(absl::Duration timeout) const;
  // From now on the watcher logs the channel connecting and failing (within 250 ms, starting
  // with the current state). Off until then, so that a start-up error stays the only line.
  void StartConnectivityLog() const { log_enabled_ = true; }
  // The channel's state; with `try_to_connect` an IDLE channel starts connecting.
  grpc_connectivity_state State(bool try_to_connect) const;
  // OK when the channel is READY or the core answers a health check (SERVING) within `timeout`;
  // else UNAVAILABLE naming the channel's state. The health check waits for a connection and so
  // makes a failed or idle channel reconnect at once (gRPC otherwise waits for the next call).
  // Blocks the calling thread: for the admin server's /readyz, never the io thread.
  absl::Status CheckServing(absl::Duration timeout) const;

 private:
  void WatchState();

  const std::shared_ptr<grpc::Channel> channel_;          // unary calls
  const std::shared_ptr<grpc::Channel> streams_channel_;  // Subscribe
  const std::unique_ptr<beacon::v1::Tracking::Stub> tracking_;
  const std::unique_ptr<grpc::health::v1::Health::Stub> health_;
  const std::unique_ptr<RawSubscribeStub> raw_subscribe_;
  std::atomic<bool> known_down_{false};
  std::atomic<bool> stopping_{false};
  mutable std::atomic<bool> log_enabled_{false};
  std::thread watcher_;  // last: starts once everything above exists
};

}  // namespace beacon::edge
