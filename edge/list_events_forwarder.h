#ifndef BEACON_EDGE_LIST_EVENTS_FORWARDER_H_
#define BEACON_EDGE_LIST_EVENTS_FORWARDER_H_

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

// Calls the core's ListEvents with a deadline.
// Threading and lifetime: as TrackForwarder (Forward() on the io thread, `done` posted back to
// it by StartCoreUnaryCall).
class ListEventsForwarder {
 public:
  using Done = std::function<void(absl::StatusOr<beacon::v1::ListEventsResponse>)>;

  ListEventsForwarder(const CoreChannel& core, boost::asio::io_context& io, absl::Duration deadline,
                      EdgeMetrics& metrics)
      : core_(core), io_(io), deadline_(deadline), metrics_(metrics) {}

  // `bearer_tokens`: the keys the client presented (BearerTokensOf).
  void Forward(beacon::v1::ListEventsRequest request, const std::vector<std::string>& bearer_tokens,
               Done done) const;

 private:
  const CoreChannel& core_;
  boost::asio::io_context& io_;
  const absl::Duration deadline_;
  EdgeMetrics& metrics_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_LIST_EVENTS_FORWARDER_H_
