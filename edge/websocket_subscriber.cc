#include "edge/websocket_subscriber.h"

#include <utility>

#include "absl/status/statusor.h"
#include "edge/api/event_json.h"
#include "edge/api/subscribe_response_view.h"
#include "edge/api/websocket_frame.h"

namespace beacon::edge {
namespace {

// A slow consumer's close frame follows the write in flight; give the client this long to read
// them and answer the close before its TCP connection is dropped.
constexpr long kSlowConsumerCloseHandshakeMs = 10000;

}  // namespace

std::shared_ptr<WebSocketSubscriber> WebSocketSubscriber::Start(
    const CoreChannel& core, beacon::v1::SubscribeRequest request,
    const std::vector<std::string>& bearer_tokens, Settings settings, OnAdmission on_admission) {
  auto subscriber = std::make_shared<WebSocketSubscriber>(Passkey{}, std::move(settings));
  const std::weak_ptr<WebSocketSubscriber> weak = subscriber;
  SubscribeCall::Callbacks callbacks;
  callbacks.on_admission = std::move(on_admission);
  callbacks.on_response = [weak](absl::string_view response) {
    if (const auto self = weak.lock()) self->OnResponse(response);
  };
  callbacks.on_end = [weak](const absl::Status& status) {
    if (const auto self = weak.lock()) self->OnStreamEnd(status);
  };
  callbacks.on_finished = subscriber->settings_.on_finished;
  subscriber->call_ =
      SubscribeCall::Start(core, std::move(request), bearer_tokens,
                           {subscriber->settings_.io, subscriber->settings_.inbox,
                            subscriber->settings_.accept_timeout, subscriber->settings_.metrics},
                           std::move(callbacks));
  return subscriber;
}

void WebSocketSubscriber::Attach(std::weak_ptr<WebSocketConnection> connection) {
  io_thread_.Check();
  connection_ = std::move(connection);
}

void WebSocketSubscriber::OnWebSocketOpen() {
  io_thread_.Check();
  open_ = true;
  const std::weak_ptr<WebSocketSubscriber> weak = weak_from_this();
  outbox_ =
      WebSocketOutbox::Create(connection_, {settings_.io, settings_.metrics,
                                            settings_.max_buffered_bytes, settings_.send_timeout,
                                            [weak] {
                                              if (const auto self = weak.lock())
                                                self->ReadMoreIfRoom();
                                            },
                                            [weak] {
                                              if (const auto self = weak.lock())
                                                self->OnOutboxStalled();
                                            }});
  if (close_on_open_.has_value()) {
    CloseWebSocket(*close_on_open_);
    return;
  }
  call_->ReadMore();
}

void WebSocketSubscriber::Cancel() {
  io_thread_.Check();
  cancelled_ = true;
  call_->Cancel();
}

void WebSocketSubscriber::CloseAndCancel(const WebSocketClose& close) {
  io_thread_.Check();
  if (open_) {
    CloseWebSocket(close);
  } else {
    close_on_open_ = close;
  }
  Cancel();
}

void WebSocketSubscriber::OnResponse(absl::string_view response) {
  if (cancelled_) return;
  if (!WebSocketIsOpen()) {
    Cancel();
    return;
  }
  if (!QueueFrames(response)) {
    CloseAndCancel({1011, "malformed response from the core"});
    return;
  }
  outbox_->Flush();
  ReadMoreIfRoom();
}

bool WebSocketSubscriber::QueueFrames(absl::string_view response) {
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

void WebSocketSubscriber::ReadMoreIfRoom() {
  // A full outbox pauses reading; its next completed write (on_written) comes back here. The
  // call ignores the request while a read is outstanding.
  if (!cancelled_ && outbox_ && !outbox_->Full()) call_->ReadMore();
}

void WebSocketSubscriber::OnOutboxStalled() {
  if (cancelled_) return;
  settings_.metrics.slow_subscribers_dropped().Increment();
  CloseAndCancel(SlowConsumerClose());
}

void WebSocketSubscriber::OnStreamEnd(const absl::Status& status) {
  if (cancelled_) return;  // the edge ended it (the WebSocket went, or it was closed already)
  // The core's queue for this subscriber overflowed: it is dropped as slow, as by the edge.
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    settings_.metrics.slow_subscribers_dropped().Increment();
  }
  const WebSocketClose close = WebSocketCloseForStreamEnd(status);
  if (open_) {
    CloseWebSocket(close);
  } else {
    close_on_open_ = close;
  }
}

void WebSocketSubscriber::CloseWebSocket(const WebSocketClose& close) {
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

bool WebSocketSubscriber::WebSocketIsOpen() const {
  const std::shared_ptr<WebSocketConnection> connection = connection_.lock();
  return connection && connection->get_state() == websocketpp::session::state::open;
}

}  // namespace beacon::edge
