#include "core/grpc/subscribe_reactor.h"

#include <utility>

#include "core/grpc/status_to_grpc.h"
#include "core/grpc/subscribe_response_buffer.h"
#include "observability/log.h"

namespace beacon::core {

SubscribeReactor::SubscribeReactor(std::unique_ptr<Subscription> subscription,
                                   const CoreMetrics& metrics)
    : subscription_(std::move(subscription)), metrics_(metrics) {
  const absl::Status started = subscription_->Start(this);
  if (!started.ok()) {
    // Refused before it started: no initial metadata, so the client sees only the error.
    subscription_->Close(started);
    Drive();
    return;
  }
  started_ = true;
  metrics_.SubscriptionStarted();
  StartSendInitialMetadata();
}

void SubscribeReactor::OnSendInitialMetadataDone(bool ok) {
  if (!ok) subscription_->Close(absl::CancelledError("subscriber went away"));
  Drive();
}

void SubscribeReactor::OnWriteDone(bool ok) {
  if (!ok) subscription_->Close(absl::CancelledError("subscriber went away"));
  Drive();
}

void SubscribeReactor::OnCancel() {
  if (subscription_->Close(absl::CancelledError("subscriber went away"))) Drive();
}

void SubscribeReactor::OnDone() { delete this; }

void SubscribeReactor::Drive() {
  SubscriptionQueue::Action action = subscription_->Next();
  switch (action.kind) {
    case SubscriptionQueue::ActionKind::kIdle:
      return;
    case SubscriptionQueue::ActionKind::kFinish:
      if (started_) {
        metrics_.SubscriptionEnded(action.status);
        observability::LogDebug("subscribe stream ended",
                                {{"code", absl::StatusCodeToString(action.status.code())},
                                 {"reason", action.status.message()}});
      }
      Finish(ToGrpcStatus(action.status));
      return;
    case SubscriptionQueue::ActionKind::kWrite: {
      size_t data_bytes = 0;
      for (const EventPtr& event : action.batch) data_bytes += event->data().size();
      response_ = SubscribeResponseBuffer(action.batch, action.truncated_before);
      metrics_.Delivered(action.batch.size(), data_bytes);
      StartWrite(&response_);
    }
      return;
  }
}

}  // namespace beacon::core
