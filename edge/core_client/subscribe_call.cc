#include "edge/core_client/subscribe_call.h"

#include <grpcpp/support/slice.h>

#include <utility>

#include "edge/core_client/bearer_metadata.h"
#include "edge/core_client/status_from_grpc.h"

namespace beacon::edge {

std::shared_ptr<SubscribeCall> SubscribeCall::Start(const CoreChannel& core,
                                                    beacon::v1::SubscribeRequest request,
                                                    const std::vector<std::string>& bearer_tokens,
                                                    Settings settings, Callbacks callbacks) {
  auto call = std::make_shared<SubscribeCall>(Passkey{}, settings, std::move(callbacks));
  call->io_thread_.Check();
  call->request_ = std::move(request);
  AddBearerMetadata(call->context_, bearer_tokens);
  call->self_ = call;
  // Waits for a connection still being made (within the acceptance timeout); with the core known
  // to be down the call fails at once and the upgrade is refused.
  call->context_.set_wait_for_ready(core.WaitForReady());
  core.raw_subscribe().PrepareBidiStreamingCall(&call->context_, kSubscribeMethod,
                                                grpc::StubOptions(), call.get());
  call->StartWriteLast(&call->request_, grpc::WriteOptions());
  call->AddHold();
  call->StartCall();
  call->accept_timer_.expires_after(absl::ToChronoMilliseconds(call->settings_.accept_timeout));
  call->accept_timer_.async_wait(
      [weak = std::weak_ptr<SubscribeCall>(call)](const boost::system::error_code& ec) {
        const std::shared_ptr<SubscribeCall> self = weak.lock();
        if (ec || !self || !self->callbacks_.on_admission) return;
        self->Cancel();
        self->Admitted(absl::UnavailableError("core did not answer the subscription in time"));
      });
  return call;
}

void SubscribeCall::ReadMore() {
  io_thread_.Check();
  if (!accepted_ || reading_ || cancelled_ || hold_released_) return;
  reading_ = true;
  StartRead(&response_);
}

void SubscribeCall::Cancel() {
  io_thread_.Check();
  if (!cancelled_) {
    cancelled_ = true;
    context_.TryCancel();
  }
  ReleaseHold();
}

void SubscribeCall::OnReadInitialMetadataDone(bool ok) {
  // Refused: the call ends without initial metadata, and Finish() reports its status.
  if (!ok) {
    settings_.inbox.Post([self = shared_from_this()] { self->ReleaseHold(); });
    return;
  }
  settings_.inbox.Post([self = shared_from_this()] { self->Admitted(absl::OkStatus()); });
}

void SubscribeCall::OnReadDone(bool ok) {
  std::shared_ptr<SubscribeCall> self = shared_from_this();
  if (!ok) {
    // The stream is over; its status follows in OnDone once the hold is gone.
    settings_.inbox.Post([self] { self->ReleaseHold(); });
    return;
  }
  grpc::ByteBuffer response;
  response.Swap(&response_);
  settings_.inbox.Post(
      [self, response = std::move(response)]() mutable { self->Deliver(response); });
}

void SubscribeCall::OnDone(const grpc::Status& status) {
  const absl::Status final_status = ToAbslStatus(status, context_);
  // The self-reference moves into the task, so the call is released on the io thread; nothing
  // here touches a member once Post() has handed the task over.
  IoInbox& inbox = settings_.inbox;
  inbox.Post([self = std::move(self_), final_status] { self->Finish(final_status); });
}

void SubscribeCall::Admitted(const absl::Status& status) {
  io_thread_.Check();
  if (!callbacks_.on_admission) return;  // decided already (e.g. timed out, then refused)
  accept_timer_.cancel();
  const auto on_admission = std::exchange(callbacks_.on_admission, nullptr);
  // A refused call ends by itself once its hold is gone; its status then reaches Finish().
  if (status.ok()) {
    accepted_ = true;
  } else {
    ReleaseHold();
  }
  on_admission(status);
}

void SubscribeCall::Deliver(const grpc::ByteBuffer& response) {
  io_thread_.Check();
  reading_ = false;
  if (cancelled_ || hold_released_) return;
  // gRPC hands a message over as one slice unless it was large; then it is joined once.
  grpc::Slice bytes;
  if (!response.TrySingleSlice(&bytes).ok() && !response.DumpToSingleSlice(&bytes).ok()) {
    local_failure_ = absl::InternalError("unreadable response from the core");
    Cancel();
    return;
  }
  callbacks_.on_response(
      absl::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size()));
}

void SubscribeCall::ReleaseHold() {
  io_thread_.Check();
  if (hold_released_) return;
  hold_released_ = true;
  RemoveHold();
}

void SubscribeCall::Finish(absl::Status status) {
  io_thread_.Check();
  if (local_failure_.has_value()) status = *local_failure_;
  // CANCELLED: the edge ended the stream itself (the WebSocket closed, or shutdown).
  if (!status.ok() && status.code() != absl::StatusCode::kCancelled) {
    settings_.metrics.CountCoreCallError(CoreMethod::kSubscribe, status.code());
  }
  if (callbacks_.on_admission) {
    // Ended before the core accepted it: this is the refusal (OK would be the core's mistake).
    Admitted(status.ok() ? absl::InternalError("core ended the subscription without accepting it")
                         : status);
  } else if (accepted_) {
    callbacks_.on_end(status);
  }
  const std::function<void()> on_finished = std::move(callbacks_.on_finished);
  callbacks_ = {};  // whatever the callbacks hold goes now, not with the last task
  on_finished();
}

}  // namespace beacon::edge
