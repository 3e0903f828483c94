#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "edge/api/websocket_frame.h"
#include "edge/edge_metrics.h"
#include "edge/io_thread.h"
#include "edge/server/websocket_server.h"

namespace beacon::edge {

// The frames waiting to be written to one WebSocket. The edge, not websocketpp, owns this queue:
// frames are handed to websocketpp one write at a time, and only once the previous write has
// completed, so websocketpp's own queue never holds more than the write in flight. Each write
// concatenates the queued frames (up to kWriteBytes) into one message, i.e. one socket write for
// many events.
//
// What happens at the limit: Full() turns true once `max_bytes` are queued, and the
// WebSocketSubscriber stops reading its Subscribe stream (gRPC flow control then holds the core
// back, whose per-subscriber queue is bounded too). A write that does not complete within
// `send_timeout` means the client stopped reading: on_stalled runs (the subscriber closes the
// WebSocket with 4008). Close() drops whatever is queued, so the close frame the caller sends next
// is written right after the write already in flight: a subscriber cut off as slow reads its close
// frame after at most kWriteBytes more, never after megabytes of buffered events.
//
// Threading: io thread only. Lifetime: held by std::shared_ptr (its WebSocketSubscriber); the
// message handed to websocketpp refers back to it weakly, so either may go first.
class WebSocketOutbox : public std::enable_shared_from_this<WebSocketOutbox> {
 public:
  // At most this many bytes of frames go into one write (a single larger frame goes alone).
  static constexpr size_t kWriteBytes = 64 << 10;

  struct Settings {
    boost::asio::io_context& io;
    EdgeMetrics& metrics;  // frames' bytes and events as they are handed to the socket
    size_t max_bytes;      // queued bytes at which Full() turns true
    absl::Duration send_timeout;
    std::function<void()> on_written;  // a write completed (room may have been made)
    std::function<void()> on_stalled;  // no write completed within send_timeout
  };

  static std::shared_ptr<WebSocketOutbox> Create(std::weak_ptr<WebSocketConnection> connection,
                                                 Settings settings);

  // Queues `frame`; Flush() after the last frame of a batch writes them, as soon as the socket
  // takes them, in as few writes as fit. `is_event` counts it in beacon_edge_events_delivered_total
  // once it is written to the socket. Ignored after Close().
  void Push(WebSocketFrame frame, bool is_event);
  void Flush() { WriteNext(); }
  bool Full() const { return queued_bytes_ >= settings_.max_bytes; }
  size_t queued_bytes() const { return queued_bytes_; }
  // Drops the queued frames and takes no more; the write in flight, if any, completes.
  void Close();

 private:
  struct Queued {
    WebSocketFrame frame;
    bool is_event;
  };

  WebSocketOutbox(std::weak_ptr<WebSocketConnection> connection, Settings settings);

  void WriteNext();
  void OnWritten();
  void ArmStallTimer(std::chrono::steady_clock::duration after);
  void OnStallTimer();

  IoThread io_thread_;
  const std::weak_ptr<WebSocketConnection> connection_;
  const Settings settings_;
  std::deque<Queued> queued_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;  // a message is with websocketpp
  bool closed_ = false;
  // When the write in flight started, or the last one completed: the stall clock.
  std::chrono::steady_clock::time_point last_progress_;
  boost::asio::steady_timer stall_timer_;
  bool stall_timer_armed_ = false;
};

}  // namespace beacon::edge
