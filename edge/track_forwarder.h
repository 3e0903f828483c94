#ifndef BEACON_EDGE_TRACK_FORWARDER_H_
#define BEACON_EDGE_TRACK_FORWARDER_H_

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "edge/core_channel.h"
#include "edge/edge_metrics.h"

namespace beacon::edge {

// Sends one event to the core's Track with a deadline; a failed call is counted in
// beacon_edge_core_call_errors_total.
// Threading: Forward() is called on the io thread; `done` runs on the io thread, posted there from
// gRPC's completion thread (see StartCoreUnaryCall). Lifetime: each call's state is owned by its
// completion callback; the stub and io_context must outlive every call (EdgeServer waits for
// in-flight calls on shutdown).
class TrackForwarder {
 public:
  using Done = std::function<void(absl::StatusOr<beacon::v1::Event>)>;

  TrackForwarder(const CoreChannel& core, boost::asio::io_context& io, absl::Duration deadline,
                 EdgeMetrics& metrics)
      : core_(core), io_(io), deadline_(deadline), metrics_(metrics) {}

  // `bearer_tokens`: the keys the client presented (BearerTokensOf).
  void Forward(std::string account_id, std::string data,
               const std::vector<std::string>& bearer_tokens, Done done) const;

 private:
  const CoreChannel& core_;
  boost::asio::io_context& io_;
  const absl::Duration deadline_;
  EdgeMetrics& metrics_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_TRACK_FORWARDER_H_
