#pragma once

#include "beacon/v1/tracking.grpc.pb.h"
#include "core/subscription_hub.h"
#include "core/tracker.h"

namespace beacon::core {

// The beacon.v1.Tracking gRPC service: translates calls to the Tracker and streams to
// SubscribeReactors. Holds no state of its own.
//
// Threading: called concurrently on gRPC's callback threads; never blocks on anything but a
// RocksDB point read. Lifetime: `tracker` and `hub` must outlive the gRPC server.
class TrackingService final : public beacon::v1::Tracking::CallbackService {
 public:
  TrackingService(const Tracker& tracker, SubscriptionHub& hub) : tracker_(tracker), hub_(hub) {}

  grpc::ServerUnaryReactor* Track(grpc::CallbackServerContext* context,
                                  const beacon::v1::TrackRequest* request,
                                  beacon::v1::TrackResponse* response) override;
  grpc::ServerWriteReactor<beacon::v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context, const beacon::v1::SubscribeRequest* request) override;

 private:
  const Tracker& tracker_;
  SubscriptionHub& hub_;
};

}  // namespace beacon::core
