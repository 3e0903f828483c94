#include "core/subscribe_reactor.h"

#include <utility>

#include "core/grpc_status.h"

namespace beacon::core {

SubscribeReactor::SubscribeReactor(SubscriptionHub& hub, std::shared_ptr<SubscriptionQueue> queue)
    : hub_(hub), queue_(std::move(queue)) {
  const absl::Status added = hub_.Add({queue_, this});
  if (!added.ok()) {
    // Refused before it started: no initial metadata, so the client sees only the error.
    queue_->Close(added);
    Drive();
    return;
  }
  StartSendInitialMetadata();
}

void SubscribeReactor::OnSendInitialMetadataDone(bool ok) {
  if (!ok) queue_->Close(absl::CancelledError("subscriber went away"));
  Drive();
}

void SubscribeReactor::OnWriteDone(bool ok) {
  if (!ok) queue_->Close(absl::CancelledError("subscriber went away"));
  Drive();
}

void SubscribeReactor::OnCancel() {
  if (queue_->Close(absl::CancelledError("subscriber went away"))) Drive();
}

void SubscribeReactor::OnDone() { delete this; }

void SubscribeReactor::Drive() {
  SubscriptionQueue::Action action = queue_->Next();
  switch (action.kind) {
    case SubscriptionQueue::ActionKind::kIdle:
      return;
    case SubscriptionQueue::ActionKind::kFinish:
      hub_.Remove(queue_.get());
      Finish(ToGrpcStatus(action.status));
      return;
    case SubscriptionQueue::ActionKind::kWrite:
      response_.Clear();
      for (const EventPtr& event : action.batch) *response_.add_events() = *event;
      StartWrite(&response_);
      return;
  }
}

}  // namespace beacon::core
