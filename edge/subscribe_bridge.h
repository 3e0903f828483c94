#ifndef BEACON_EDGE_SUBSCRIBE_BRIDGE_H_
#define BEACON_EDGE_SUBSCRIBE_BRIDGE_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/client_callback.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "edge/core_channel.h"
#include "edge/core_status_mapping.h"
#include "edge/edge_metrics.h"
#include "edge/event_frame_cache.h"
#include "edge/io_inbox.h"
#include "edge/websocket_outbox.h"
#include "edge/websocket_server.h"

namespace beacon::edge {

// Connects one WebSocket subscriber to one server-streaming Subscribe call on the core.
//
// Admission: Start() makes the call at once, when the upgrade request has been read and before
// websocketpp answers it; `on_admission` runs (io thread, once) with OK when the core accepts the
// stream (sends initial metadata), with its status when it refuses, or with UNAVAILABLE when it
// does not answer within `accept_timeout` (the call is then cancelled). Nothing blocks meanwhile:
// the io thread serves every other connection while the core decides.
//
// The call is made raw (the generic stub: the request goes out as the one message of a
// client-to-server half-closed stream, responses come back as ByteBuffers), so the edge never
// parses a response into protobuf objects: it splits it into the events' encodings
// (SplitSubscribeResponse) and takes each event's frame from the io thread's EventFrameCache.
//
// Threading: the gRPC reactions (OnReadInitialMetadataDone, OnReadDone, OnWriteDone, OnDone) run
// on gRPC threads; they only hand work to the io thread through its IoInbox (one queue, so a
// stream's acceptance, messages and end keep their order). All other methods, and every
// websocketpp call, StartRead and RemoveHold, run on the io thread. Because StartRead is issued
// from outside the reactions, the call carries one hold from StartCall until the io thread knows
// no further read will be issued; OnDone cannot run before.
//
// Frames: each event is one text frame (its JSON, EventToJson). A response with
// truncated_before != 0 is first sent as the frame {"truncated_before":N} (TruncatedBeforeJson),
// then its events, if any.
//
// Backpressure: at most one read is outstanding. The next StartRead is issued only after the io
// thread has queued the previous batch's frames in the WebSocket's outbox, and only while the
// outbox holds less than max_buffered_bytes; while it is full, reading pauses until the socket
// drains (gRPC flow control then holds the core's writes back). A subscriber whose socket takes
// nothing for send_timeout, or whose stream the core ended as too slow, is closed with 4008, the
// close frame right after the write in flight (WebSocketOutbox).
//
// Lifetime: always held by std::shared_ptr. The bridge keeps a reference to itself from Start()
// until OnDone, and every task posted to the io thread holds a shared_ptr, so the object outlives
// all of its callbacks. It refers to the WebSocket connection only weakly.
class SubscribeBridge final
    : public grpc::ClientBidiReactor<beacon::v1::SubscribeRequest, grpc::ByteBuffer>,
      public std::enable_shared_from_this<SubscribeBridge> {
  struct Passkey {
    explicit Passkey() = default;
  };

 public:
  struct Settings {
    boost::asio::io_context& io;
    IoInbox& inbox;           // the io thread's, for everything gRPC's threads hand over
    EventFrameCache& frames;  // the io thread's
    size_t max_buffered_bytes;
    absl::Duration send_timeout;
    absl::Duration accept_timeout;
    // Events and bytes delivered, slow-consumer cut-offs, and failed streams.
    EdgeMetrics& metrics;
    std::function<void()> on_finished;  // io thread, once, after the call has completely ended
  };
  using OnAdmission = std::function<void(const absl::Status&)>;

  // Starts the Subscribe call (io thread), presenting `bearer_tokens` (BearerTokensOf) as one
  // `authorization: Bearer <key>` metadata entry each.
  static std::shared_ptr<SubscribeBridge> Start(const CoreChannel& core,
                                                beacon::v1::SubscribeRequest request,
                                                const std::vector<std::string>& bearer_tokens,
                                                Settings settings, OnAdmission on_admission);

  SubscribeBridge(Passkey, Settings settings)
      : settings_(std::move(settings)), accept_timer_(settings_.io) {}

  // io thread, after admission: the WebSocket that will receive the events.
  void Attach(std::weak_ptr<WebSocketConnection> connection) {
    connection_ = std::move(connection);
  }

  // io thread: the WebSocket is open; start streaming.
  void OnWebSocketOpen();

  // io thread: stop streaming because the WebSocket closed or failed. Idempotent.
  void Cancel();

  // io thread: close the WebSocket with `close` (as soon as it is open) and stop streaming.
  void CloseAndCancel(const WebSocketClose& close);

  // gRPC reactions.
  void OnReadInitialMetadataDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnWriteDone(bool /*ok*/) override {}  // the request; a failure ends the call (OnDone)
  void OnDone(const grpc::Status& status) override;

 private:
  // io thread.
  void Admitted(const absl::Status& status);
  void Deliver(const grpc::ByteBuffer& batch);
  // Queues the frames of one response in the outbox; false (with the stream to be closed) when
  // the response is malformed.
  bool QueueFrames(absl::string_view response);
  void ReadMore();
  void OnOutboxWritten();
  void OnOutboxStalled();
  void ReleaseHold();
  void Finish(const absl::Status& status);
  void CloseWebSocket(const WebSocketClose& close);

  const Settings settings_;
  grpc::ClientContext context_;
  beacon::v1::SubscribeRequest request_;
  // Filled by gRPC during the one outstanding read; swapped out in OnReadDone.
  grpc::ByteBuffer response_;
  // Set in Start(), dropped in OnDone().
  std::shared_ptr<SubscribeBridge> self_;

  // io thread only.
  OnAdmission on_admission_;  // until the admission is decided
  boost::asio::steady_timer accept_timer_;
  std::weak_ptr<WebSocketConnection> connection_;
  std::shared_ptr<WebSocketOutbox> outbox_;  // from OnWebSocketOpen
  bool open_ = false;
  bool reading_paused_ = false;  // the outbox is full: the next read waits for it to drain
  bool hold_released_ = false;
  bool cancelled_ = false;
  // The stream ended before the WebSocket opened: close it as soon as it does.
  std::optional<WebSocketClose> close_on_open_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_SUBSCRIBE_BRIDGE_H_
