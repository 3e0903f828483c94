#ifndef BEACON_EDGE_WEBSOCKET_SUBSCRIPTIONS_H_
#define BEACON_EDGE_WEBSOCKET_SUBSCRIPTIONS_H_

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <map>
#include <memory>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "edge/core_channel.h"
#include "edge/core_status_mapping.h"
#include "edge/edge_metrics.h"
#include "edge/event_frame_cache.h"
#include "edge/in_flight_calls.h"
#include "edge/io_inbox.h"
#include "edge/subscribe_bridge.h"
#include "edge/websocket_server.h"

namespace beacon::edge {

// The WebSocket subscribers (GET /subscribe upgrades) and their SubscribeBridges.
// Threading: io thread only. Lifetime: holds each bridge from its accepted upgrade until the
// WebSocket closes or fails; the bridge's call then ends on its own after being cancelled, and
// is counted in `in_flight` until it has.
class WebSocketSubscriptions {
 public:
  struct Settings {
    absl::Duration accept_timeout;
    size_t max_buffered_bytes;
    absl::Duration send_timeout;
  };

  WebSocketSubscriptions(const CoreChannel& core, boost::asio::io_context& io, IoInbox& inbox,
                         EventFrameCache& frames, InFlightCalls& in_flight, EdgeMetrics& metrics,
                         Settings settings)
      : core_(core),
        io_(io),
        inbox_(inbox),
        frames_(frames),
        in_flight_(in_flight),
        metrics_(metrics),
        settings_(settings) {}

  // Validate handler of a /subscribe upgrade, `query` being the raw query string. The keys of the
  // Authorization: Bearer header and every token parameter go to the core with the Subscribe
  // (BearerTokensOf). Returns true to accept; otherwise the refusal (status and JSON body, 401
  // or 403 when the core refuses the keys) has been set on `connection`.
  bool Admit(const WebSocketConnectionPtr& connection, absl::string_view query);

  void OnOpen(const websocketpp::connection_hdl& hdl);
  // The WebSocket closed, or its handshake failed after Admit accepted it.
  void OnEnded(const websocketpp::connection_hdl& hdl);

  // Closes every subscriber's WebSocket with `close` and cancels its stream.
  void CloseAll(const WebSocketClose& close);

 private:
  const CoreChannel& core_;
  boost::asio::io_context& io_;
  IoInbox& inbox_;
  EventFrameCache& frames_;
  InFlightCalls& in_flight_;
  EdgeMetrics& metrics_;
  const Settings settings_;
  std::map<websocketpp::connection_hdl, std::shared_ptr<SubscribeBridge>,
           std::owner_less<websocketpp::connection_hdl>>
      bridges_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_WEBSOCKET_SUBSCRIPTIONS_H_
