#pragma once

#include <memory>

#include "beacon/v1/tracking.grpc.pb.h"
#include "core/core_metrics.h"
#include "core/subscription.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/server_callback.h"

namespace beacon::core {

// One server-streaming Subscribe call. Sends initial metadata as soon as the subscription is
// registered (so a client knows it was accepted before any event), then writes what the
// Subscription hands out one SubscribeResponse at a time, with at most one write outstanding.
// The method is registered raw: each response is written as a ByteBuffer assembled from the
// events' stored encodings (SubscribeResponseBuffer), so no event is encoded per stream.
//
// Threading: its reactions run on gRPC's threads and Resume() runs on a producer's thread; the
// SubscriptionQueue's consumer token guarantees only one of them acts at a time. Nothing waits on
// another thread; a reaction may read one batch from the event log while catching up. Lifetime:
// created with `new` by the service, deleted by OnDone(); it unregisters from the hub before it
// finishes, and is never resumed after that (see SubscriptionQueue).
class SubscribeReactor : public grpc::ServerWriteReactor<grpc::ByteBuffer>, public QueueConsumer {
 public:
  SubscribeReactor(std::unique_ptr<Subscription> subscription, const CoreMetrics& metrics);

  void Resume() override { Drive(); }
  void OnSendInitialMetadataDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Acts on the queue's next action; called only while holding the consumer token.
  void Drive();

  const std::unique_ptr<Subscription> subscription_;
  const CoreMetrics& metrics_;
  bool started_ = false;       // accepted, so its end is counted
  grpc::ByteBuffer response_;  // the one write in flight
};

// A Subscribe call refused before it started: finishes at once with `status`.
class RefusedSubscribeReactor : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedSubscribeReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace beacon::core
