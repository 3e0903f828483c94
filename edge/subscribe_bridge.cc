#include "edge/subscribe_bridge.h"

#include <grpcpp/support/slice.h>

#include "edge/bearer_metadata.h"
#include "edge/event_json.h"
#include "edge/grpc_status.h"
#include "edge/subscribe_response_view.h"
#include "edge/websocket_frame.h"

namespace beacon::edge {
namespace {

// A slow consumer's close frame follows the write in flight; give the client this long to read
// them and answer the close before its TCP connection is dropped.
constexpr long kSlowConsumerCloseHandshakeMs = 10000;

}  // namespace

std::shared_ptr<SubscribeBridge> SubscribeBridge::Start(
    const CoreChannel& core, beacon::v1::SubscribeRequest request,
    const std::vector<std::string>& bearer_tokens, Settings settings, OnAdmission on_admission) {
  auto bridge = std::make_shared<SubscribeBridge>(Passkey{}, std::move(settings));
  bridge->request_ = std::move(request);
  bridge->on_admission_ = std::move(on_admission);
  AddBearerMetadata(bridge->context_, bearer_tokens);
  bridge->self_ = bridge;
  // Waits for a connection still being made (within the acceptance timeout); with the core known
  // to be down the call fails at once and the upgrade is refused.
  bridge->context_.set_wait_for_ready(core.WaitForReady());
  core.raw_subscribe().PrepareBidiStreamingCall(&bridge->context_, kSubscribeMethod,
                                                grpc::StubOptions(), bridge.get());
  bridge->StartWriteLast(&bridge->request_, grpc::WriteOptions());
  bridge->AddHold();
  bridge->StartCall();
  bridge->accept_timer_.expires_after(absl::ToChronoMilliseconds(bridge->settings_.accept_timeout));
  bridge->accept_timer_.async_wait(
      [weak = std::weak_ptr<SubscribeBridge>(bridge)](const boost::system::error_code& ec) {
        const std::shared_ptr<SubscribeBridge> self = weak.lock();
        if (ec || !self || !self->on_admission_) return;
        self->Cancel();
        self->Admitted(absl::UnavailableError("core did not answer the subscription in time"));
      });
  return bridge;
}

void SubscribeBridge::Admitted(const absl::Status& status) {
  if (!on_admission_) return;  // decided already (e.g. timed out, then refused)
  accept_timer_.cancel();
  const OnAdmission on_admission = std::exchange(on_admission_, nullptr);
  // A refused call ends by itself once its hold is gone; its status then reaches Finish().
  if (!status.ok()) ReleaseHold();
  on_admission(status);
}

void SubscribeBridge::OnWebSocketOpen() {
  open_ = true;
  std::weak_ptr<SubscribeBridge> weak = weak_from_this();
  outbox_ =
      WebSocketOutbox::Create(connection_, {settings_.io, settings_.metrics,
                                            settings_.max_buffered_bytes, settings_.send_timeout,
                                            [weak] {
                                              if (const auto self = weak.lock())
                                                self->OnOutboxWritten();
                                            },
                                            [weak] {
                                              if (const auto self = weak.lock())
                                                self->OnOutboxStalled();
                                            }});
  if (close_on_open_.has_value()) {
    CloseWebSocket(*close_on_open_);
    return;
  }
  ReadMore();
}

void SubscribeBridge::Cancel() {
  if (!cancelled_) {
    cancelled_ = true;
    context_.TryCancel();
  }
  ReleaseHold();
}

void SubscribeBridge::CloseAndCancel(const WebSocketClose& close) {
  if (open_) {
    CloseWebSocket(close);
  } else {
    close_on_open_ = close;
  }
  Cancel();
}

void SubscribeBridge::OnReadInitialMetadataDone(bool ok) {
  // Refused: the call ends without initial metadata, and Finish() reports its status.
  if (!ok) {
    settings_.inbox.Post([self = shared_from_this()] { self->ReleaseHold(); });
    return;
  }
  settings_.inbox.Post([self = shared_from_this()] { self->Admitted(absl::OkStatus()); });
}

void SubscribeBridge::OnReadDone(bool ok) {
  std::shared_ptr<SubscribeBridge> self = shared_from_this();
  if (!ok) {
    // The stream is over; its status follows in OnDone once the hold is gone.
    settings_.inbox.Post([self] { self->ReleaseHold(); });
    return;
  }
  grpc::ByteBuffer batch;
  batch.Swap(&response_);
  settings_.inbox.Post([self, batch = std::move(batch)]() mutable { self->Deliver(batch); });
}

void SubscribeBridge::OnDone(const grpc::Status& status) {
  const absl::Status final_status = ToAbslStatus(status, context_);
  // The self-reference moves into the task, so the bridge is released on the io thread; nothing
  // here touches a member once post() has handed the task over.
  IoInbox& inbox = settings_.inbox;
  inbox.Post([self = std::move(self_), final_status] { self->Finish(final_status); });
}

void SubscribeBridge::Deliver(const grpc::ByteBuffer& batch) {
  if (cancelled_ || hold_released_) return;
  const std::shared_ptr<WebSocketConnection> connection = connection_.lock();
  if (!connection || connection->get_state() != websocketpp::session::state::open) {
    Cancel();
    return;
  }
  // gRPC hands a message over as one slice unless it was large; then it is joined once.
  grpc::Slice bytes;
  if (!batch.TrySingleSlice(&bytes).ok() && !batch.DumpToSingleSlice(&bytes).ok()) {
    CloseAndCancel({1011, "unreadable response from the core"});
    return;
  }
  if (!QueueFrames(absl::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size()))) {
    CloseAndCancel({1011, "malformed response from the core"});
    return;
  }
  outbox_->Flush();
  if (outbox_->Full()) {
    reading_paused_ = true;  // OnOutboxWritten reads on once the socket has drained
    return;
  }
  ReadMore();
}

bool SubscribeBridge::QueueFrames(absl::string_view response) {
  const absl::StatusOr<SubscribeResponseView> view = SplitSubscribeResponse(response);
  if (!view.ok()) return false;
  if (view->truncated_before != 0) {
    outbox_->Push(MakeTextFrame(TruncatedBeforeJson(view->truncated_before)), /*is_event=*/false);
  }
  for (const absl::string_view encoded : view->events) {
    absl::StatusOr<WebSocketFrame> frame = settings_.frames.FrameFor(encoded);
    if (!frame.ok()) return false;
    outbox_->Push(*std::move(frame), /*is_event=*/true);
  }
  return true;
}

void SubscribeBridge::OnOutboxWritten() {
  if (!reading_paused_ || outbox_->Full()) return;
  reading_paused_ = false;
  ReadMore();
}

void SubscribeBridge::OnOutboxStalled() {
  if (cancelled_) return;
  settings_.metrics.slow_subscribers_dropped().Increment();
  CloseAndCancel(SlowConsumerClose());
}

void SubscribeBridge::ReadMore() {
  if (cancelled_ || hold_released_) return;
  StartRead(&response_);
}

void SubscribeBridge::ReleaseHold() {
  if (hold_released_) return;
  hold_released_ = true;
  RemoveHold();
}

void SubscribeBridge::Finish(const absl::Status& status) {
  // CANCELLED: the edge ended the stream itself (the WebSocket closed, or shutdown).
  if (!status.ok() && status.code() != absl::StatusCode::kCancelled) {
    settings_.metrics.CountCoreCallError(CoreMethod::kSubscribe, status.code());
  }
  if (on_admission_) {
    // Ended before the core accepted it: this is the refusal (OK would be the core's mistake).
    Admitted(status.ok() ? absl::InternalError("core ended the subscription without accepting it")
                         : status);
    settings_.on_finished();
    return;
  }
  // The core's queue for this subscriber overflowed: it is dropped as slow, as by the edge.
  if (status.code() == absl::StatusCode::kResourceExhausted && !cancelled_) {
    settings_.metrics.slow_subscribers_dropped().Increment();
  }
  if (!cancelled_) {
    const WebSocketClose close = WebSocketCloseForStreamEnd(status);
    if (open_) {
      CloseWebSocket(close);
    } else {
      close_on_open_ = close;
    }
  }
  settings_.on_finished();
}

void SubscribeBridge::CloseWebSocket(const WebSocketClose& close) {
  // Frames not yet written are dropped, so the close frame follows the write in flight; the
  // subscriber resumes with `since` and loses nothing.
  if (outbox_) outbox_->Close();
  const std::shared_ptr<WebSocketConnection> connection = connection_.lock();
  if (!connection || connection->get_state() != websocketpp::session::state::open) return;
  // A subscriber cut off as slow needs time to read up to its close frame.
  if (close.code == SlowConsumerClose().code) {
    connection->set_close_handshake_timeout(kSlowConsumerCloseHandshakeMs);
  }
  websocketpp::lib::error_code ignored;
  connection->close(close.code, close.reason, ignored);
}

}  // namespace beacon::edge
