#ifndef BEACON_EDGE_CORE_HEALTH_PROBE_H_
#define BEACON_EDGE_CORE_HEALTH_PROBE_H_

#include <boost/asio/io_context.hpp>
#include <functional>

#include "absl/time/time.h"
#include "edge/core_channel.h"
#include "edge/edge_metrics.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace beacon::edge {

// Asks the core's grpc.health.v1.Health/Check (service "") whether it is SERVING.
// Threading: Check() is called on the io thread; `done` runs on the io thread, posted there from
// gRPC's completion thread (see StartCoreUnaryCall). Lifetime: as TrackForwarder.
class CoreHealthProbe {
 public:
  using Done = std::function<void(bool serving)>;

  CoreHealthProbe(const CoreChannel& core, boost::asio::io_context& io, absl::Duration deadline,
                  EdgeMetrics& metrics)
      : core_(core), io_(io), deadline_(deadline), metrics_(metrics) {}

  void Check(Done done) const;

 private:
  const CoreChannel& core_;
  boost::asio::io_context& io_;
  const absl::Duration deadline_;
  EdgeMetrics& metrics_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_CORE_HEALTH_PROBE_H_
