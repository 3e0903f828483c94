#pragma once

#include "beacon/v1/tracking.grpc.pb.h"
#include "core/access_policy.h"
#include "core/core_metrics.h"
#include "core/event_history.h"
#include "core/tracker.h"

namespace beacon::core {

// The beacon.v1.Tracking gRPC service: checks the caller's bearer tokens against the
// AccessPolicy, translates calls to the Tracker and EventHistory, and streams to
// SubscribeReactors, and counts what the calls did in CoreMetrics. Holds no state of its own.
//
// Threading: called concurrently on gRPC's callback threads. Track completes asynchronously
// (when the event is stored); the handlers themselves block only on RocksDB reads (an account
// lookup, one page of ListEvents). Lifetime: everything passed to the constructor must outlive
// the gRPC server.
//
// Subscribe is registered raw (ByteBuffer in and out; see SubscribeReactor), the other methods as
// generated.
class TrackingService final : public beacon::v1::Tracking::WithRawCallbackMethod_Subscribe<
                                  beacon::v1::Tracking::CallbackService> {
 public:
  TrackingService(const Tracker& tracker, const EventHistory& history, const AccessPolicy& policy,
                  const CoreMetrics& metrics)
      : tracker_(tracker), history_(history), policy_(policy), metrics_(metrics) {}

  grpc::ServerUnaryReactor* Track(grpc::CallbackServerContext* context,
                                  const beacon::v1::TrackRequest* request,
                                  beacon::v1::TrackResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(grpc::CallbackServerContext* context,
                                                        const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* context,
                                       const beacon::v1::ListEventsRequest* request,
                                       beacon::v1::ListEventsResponse* response) override;

 private:
  const Tracker& tracker_;
  const EventHistory& history_;
  const AccessPolicy& policy_;
  const CoreMetrics& metrics_;
};

}  // namespace beacon::core
