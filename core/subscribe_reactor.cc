#include "core/subscribe_reactor.h"

#include <utility>

#include "core/grpc_status.h"

namespace beacon::core {

SubscribeReactor::SubscribeReactor(std::unique_ptr<Subscription> subscription)
    : subscription_(std::move(subscription)) {
  const absl::Status started = subscription_->Start(this);
  if (!started.ok()) {
    // Refused before it started: no initial metadata, so the client sees only the error.
    subscription_->Close(started);
    Drive();
    return;
  }
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
      Finish(ToGrpcStatus(action.status));
      return;
    case SubscriptionQueue::ActionKind::kWrite:
      response_.Clear();
      response_.set_truncated_before(action.truncated_before);
      for (const EventPtr& event : action.batch) *response_.add_events() = *event;
      StartWrite(&response_);
      return;
  }
}

}  // namespace beacon::core
