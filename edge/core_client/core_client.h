#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.pb.h"
#include "edge/core_client/core_channel.h"
#include "edge/edge_metrics.h"

namespace beacon::edge {

// The unary calls one io thread makes to the core: Track (POST /tracking), ListEvents
// (GET /events) and the health check (GET /healthz), each with its deadline, waiting for a
// connection still being made (CoreChannel::WaitForReady), presenting the client's keys as
// `authorization: Bearer` metadata, and counting failures in beacon_edge_core_call_errors_total.
// Subscribe streams are SubscribeCall's.
//
// Threading: call on the io thread of `io`; every `done` runs there, posted from gRPC's
// completion thread (StartCoreUnaryCall). Lifetime: each call's state is owned by its completion;
// the channel and `io` must outlive every call (EdgeServer waits for calls in flight on shutdown).
class CoreClient {
 public:
  template <typename Response>
  using Done = std::function<void(absl::StatusOr<Response>)>;

  CoreClient(const CoreChannel& core, boost::asio::io_context& io, absl::Duration call_deadline,
             absl::Duration health_deadline, EdgeMetrics& metrics)
      : core_(core),
        io_(io),
        call_deadline_(call_deadline),
        health_deadline_(health_deadline),
        metrics_(metrics) {}

  // `bearer_tokens`: the keys the client presented (BearerTokensOf).
  void Track(std::string account_id, std::string data,
             const std::vector<std::string>& bearer_tokens, Done<beacon::v1::Event> done) const;
  void ListEvents(beacon::v1::ListEventsRequest request,
                  const std::vector<std::string>& bearer_tokens,
                  Done<beacon::v1::ListEventsResponse> done) const;
  // Whether the core's grpc.health.v1.Health/Check (service "") answers SERVING.
  void Check(std::function<void(bool serving)> done) const;

 private:
  const CoreChannel& core_;
  boost::asio::io_context& io_;
  const absl::Duration call_deadline_;
  const absl::Duration health_deadline_;
  EdgeMetrics& metrics_;
};

}  // namespace beacon::edge
