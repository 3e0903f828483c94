#pragma once

#include <memory>

#include "beacon/v1/tracking.grpc.pb.h"
#include "core/subscription_hub.h"
#include "core/subscription_queue.h"
#include "grpcpp/support/server_callback.h"

namespace beacon::core {

// One server-streaming Subscribe call. Sends initial metadata as soon as the subscription is
// registered (so a client knows it was accepted before any event), then writes the queue's
// batches one SubscribeResponse at a time, with at most one write outstanding.
//
// Threading: its reactions run on gRPC's threads and Resume() runs on a producer's thread; the
// SubscriptionQueue's consumer token guarantees only one of them acts at a time, and nothing
// blocks. Lifetime: created with `new` by the service, deleted by OnDone(); it unregisters from
// the hub before it finishes, and is never resumed after that (see SubscriptionQueue).
class SubscribeReactor : public grpc::ServerWriteReactor<beacon::v1::SubscribeResponse>,
                         public QueueConsumer {
 public:
  SubscribeReactor(SubscriptionHub& hub, std::shared_ptr<SubscriptionQueue> queue);

  void Resume() override { Drive(); }
  void OnSendInitialMetadataDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Acts on the queue's next action; called only while holding the consumer token.
  void Drive();

  SubscriptionHub& hub_;
  const std::shared_ptr<SubscriptionQueue> queue_;
  beacon::v1::SubscribeResponse response_;  // the one write in flight
};

// A Subscribe call refused before it started: finishes at once with `status`.
class RefusedSubscribeReactor : public grpc::ServerWriteReactor<beacon::v1::SubscribeResponse> {
 public:
  explicit RefusedSubscribeReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace beacon::core
