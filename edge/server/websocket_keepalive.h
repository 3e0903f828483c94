#pragma once

#include <map>
#include <memory>

#include "absl/time/time.h"
#include "edge/server/websocket_server.h"

namespace beacon::edge {

// Pings every open WebSocket every `ping_interval`; one that has not answered a ping with a pong
// within `pong_timeout` is closed with 1011 "keepalive ping timeout" (and dropped after the
// close handshake timeout if it does not answer that either). Subscribers send nothing, so there
// is no idle timeout: a quiet subscriber whose client answers pings stays connected, a vanished
// one (its host gone, a NAT entry expired) is found within ping_interval + pong_timeout.
// The pong timeout runs from when the ping is queued, so a subscriber far behind in reading can
// also hit it; it would reach --ws_max_buffered_bytes (4008) soon anyway.
//
// Threading: io thread only (the open/close handlers and websocketpp's timers run there).
// Lifetime: each connection's timer is cancelled in Stop(); a timer that fires after its
// connection is gone finds only a weak handle. Must outlive the io_context's run().
class WebSocketKeepAlive {
 public:
  // A zero `ping_interval` turns pings off.
  WebSocketKeepAlive(absl::Duration ping_interval, absl::Duration pong_timeout)
      : ping_interval_(ping_interval), pong_timeout_(pong_timeout) {}

  // The WebSocket is open: start pinging it.
  void Start(const WebSocketConnectionPtr& connection);
  // The WebSocket closed or failed: stop.
  void Stop(const websocketpp::connection_hdl& hdl);

 private:
  void ScheduleNextPing(const WebSocketConnectionPtr& connection);
  void Ping(const websocketpp::connection_hdl& hdl);

  const absl::Duration ping_interval_;
  const absl::Duration pong_timeout_;
  std::map<websocketpp::connection_hdl, WebSocketConnection::timer_ptr,
           std::owner_less<websocketpp::connection_hdl>>
      next_ping_;
};

}  // namespace beacon::edge
