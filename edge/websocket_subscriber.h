#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.pb.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/event_frame_cache.h"
#include "edge/core_client/core_channel.h"
#include "edge/core_client/io_inbox.h"
#include "edge/core_client/subscribe_call.h"
#include "edge/edge_metrics.h"
#include "edge/io_thread.h"
#include "edge/server/websocket_outbox.h"
#include "edge/server/websocket_server.h"

namespace beacon::edge {

// One WebSocket subscriber: its Subscribe call to the core (SubscribeCall) on one side, its
// WebSocket and outbox on the other, and the translation between them.
//
// Frames: each event is one text frame (its JSON, EventToJson), taken from the io thread's
// EventFrameCache, so an event going to a thousand subscribers is encoded once. A response with
// truncated_before != 0 is first sent as the frame {"truncated_before":N} (TruncatedBeforeJson),
// then its events, if any.
//
// Backpressure: the next response is asked for only after the previous one's frames are queued
// in the outbox, and only while the outbox holds less than max_buffered_bytes; while it is full,
// reading pauses until the socket drains (gRPC flow control then holds the core's writes back).
// A subscriber whose socket takes nothing for send_timeout, or whose stream the core ended as too
// slow, is closed with 4008, the close frame right after the write in flight (WebSocketOutbox).
// Any other end of the stream closes the WebSocket with WebSocketCloseForStreamEnd.
//
// Threading: io thread only. Lifetime: held by std::shared_ptr (WebSocketSubscriptions, and until
// the admission is decided, the admission callback); the call's other callbacks and the outbox
// refer to it weakly. It refers to the WebSocket connection only weakly.
class WebSocketSubscriber : public std::enable_shared_from_this<WebSocketSubscriber> {
  struct Passkey {
    explicit Passkey() = default;
  };

 public:
  struct Settings {
    boost::asio::io_context& io;
    IoInbox& inbox;
    EventFrameCache& frames;
    size_t max_buffered_bytes;
    absl::Duration send_timeout;
    absl::Duration accept_timeout;
    // Events and bytes delivered, slow-consumer cut-offs, and failed streams.
    EdgeMetrics& metrics;
    std::function<void()> on_finished;  // once, after the Subscribe call has completely ended
  };
  // With OK, the core accepted the stream; otherwise why the upgrade is refused. Once.
  using OnAdmission = std::function<void(const absl::Status&)>;

  // Starts the subscriber's Subscribe call (see SubscribeCall::Start).
  static std::shared_ptr<WebSocketSubscriber> Start(const CoreChannel& core,
                                                    beacon::v1::SubscribeRequest request,
                                                    const std::vector<std::string>& bearer_tokens,
                                                    Settings settings, OnAdmission on_admission);

  WebSocketSubscriber(Passkey, Settings settings) : settings_(std::move(settings)) {}

  // After admission: the WebSocket that will receive the events.
  void Attach(std::weak_ptr<WebSocketConnection> connection);
  // The WebSocket is open; start streaming.
  void OnWebSocketOpen();
  // Stop streaming because the WebSocket closed or failed. Idempotent.
  void Cancel();
  // Close the WebSocket with `close` (as soon as it is open) and stop streaming.
  void CloseAndCancel(const WebSocketClose& close);

 private:
  void OnResponse(absl::string_view response);
  void OnStreamEnd(const absl::Status& status);
  // Queues the frames of one response in the outbox; false when the response is malformed.
  bool QueueFrames(absl::string_view response);
  void ReadMoreIfRoom();
  void OnOutboxStalled();
  void CloseWebSocket(const WebSocketClose& close);
  bool WebSocketIsOpen() const;

  IoThread io_thread_;
  const Settings settings_;
  std::shared_ptr<SubscribeCall> call_;
  std::weak_ptr<WebSocketConnection> connection_;
  std::shared_ptr<WebSocketOutbox> outbox_;  // from OnWebSocketOpen
  bool open_ = false;
  bool cancelled_ = false;
  // The stream ended before the WebSocket opened: close it as soon as it does.
  std::optional<WebSocketClose> close_on_open_;
};

}  // namespace beacon::edge
