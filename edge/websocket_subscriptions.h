#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <map>
#include <memory>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking.grpc.pb.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/event_frame_cache.h"
#include "edge/core_client/core_channel.h"
#include "edge/core_client/io_inbox.h"
#include "edge/edge_metrics.h"
#include "edge/in_flight_calls.h"
#include "edge/io_thread.h"
#include "edge/server/websocket_server.h"
#include "edge/websocket_subscriber.h"

namespace beacon::edge {

// The WebSocket subscribers (GET /subscribe upgrades) and their WebSocketSubscribers. An upgrade is
// admitted in two steps: Admit() starts its Subscribe as soon as the request head has been read
// and reports the core's verdict; the connection then goes to websocketpp, whose validate
// handler asks OnUpgrade() for that verdict, already known, so websocketpp answers at once.
// Threading: io thread only. Lifetime: holds each subscriber from its accepted upgrade until the
// WebSocket closes or fails; the subscriber's call then ends on its own after being cancelled, and
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

  // The core accepted the stream (its subscriber) or why the upgrade is refused.
  using Admission = absl::StatusOr<std::shared_ptr<WebSocketSubscriber>>;

  // Starts the Subscribe of a /subscribe upgrade, `query` being the raw query string. The keys of
  // the Authorization header and every token parameter go to the core with it (BearerTokensOf).
  // `done` runs once, on the io thread, with the admission (at once for a malformed query or key).
  void Admit(absl::string_view query, absl::string_view authorization,
             std::function<void(Admission)> done);
  // The connection `hdl` is the upgrade that was admitted with `admission`; call before
  // websocketpp starts it.
  void HandOver(const websocketpp::connection_hdl& hdl, Admission admission);
  // Validate handler of a /subscribe upgrade: true to accept; otherwise the refusal (status and
  // JSON body: HttpErrorForSubscribeRefusal) has been set on `connection`.
  bool OnUpgrade(const WebSocketConnectionPtr& connection);

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
  IoThread io_thread_;
  template <typename Value>
  using ByConnection =
      std::map<websocketpp::connection_hdl, Value, std::owner_less<websocketpp::connection_hdl>>;
  // Handed over to websocketpp, not yet validated.
  ByConnection<Admission> handed_over_;
  // Accepted upgrades, until their WebSocket ends.
  ByConnection<std::shared_ptr<WebSocketSubscriber>> subscribers_;
};

}  // namespace beacon::edge
