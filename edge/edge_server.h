#ifndef BEACON_EDGE_EDGE_SERVER_H_
#define BEACON_EDGE_EDGE_SERVER_H_

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "edge/core_channel.h"
#include "edge/core_health_probe.h"
#include "edge/edge_config.h"
#include "edge/edge_metrics.h"
#include "edge/edge_tls.h"
#include "edge/event_frame_cache.h"
#include "edge/health_request_handler.h"
#include "edge/in_flight_calls.h"
#include "edge/io_inbox.h"
#include "edge/list_events_forwarder.h"
#include "edge/list_events_handler.h"
#include "edge/open_connection_count.h"
#include "edge/track_forwarder.h"
#include "edge/track_request_handler.h"
#include "edge/websocket_keepalive.h"
#include "edge/websocket_server.h"
#include "edge/websocket_subscriptions.h"
#include "observability/metrics_registry.h"

namespace beacon::edge {

// The edge's one public port: REST and WebSocket upgrades, translated to calls on the core.
//
// Threading: Run() makes the calling thread the io thread, the only thread that drives
// websocketpp and touches this object's state. gRPC completions reach it solely through
// boost::asio::post onto the io_context.
// Ready() and the metrics registered in `metrics` (read by the admin server's threads) only read
// atomics and the thread-safe gRPC channel.
// Lifetime: Run() returns only once every call to the core has completed and its completion has
// run, so nothing gRPC calls back into is destroyed while still referenced. `metrics` must
// outlive the server, and whoever scrapes it (the admin server) must stop before the server is
// destroyed: the registry's scrape-time functions read the server's connection count and channel.
class EdgeServer {
 public:
  // `tls` (LoadEdgeTls): the channel credentials towards the core, and the public port's TLS
  // context (null: plain HTTP/WebSocket).
  EdgeServer(EdgeConfig config, EdgeTls tls, observability::MetricsRegistry& metrics);
  EdgeServer(const EdgeServer&) = delete;
  EdgeServer& operator=(const EdgeServer&) = delete;

  // Listens, prints "beacon-edge listening on HOST:PORT" and serves until SIGINT/SIGTERM, then
  // stops listening, closes WebSockets with 1001, lets in-flight calls finish (each is bounded by
  // its deadline) and returns OK. Returns an error only if startup fails.
  absl::Status Run();

  // The admin server's bound address, named in the "listening" log line; before Run().
  void set_admin_address(std::string address) { admin_address_ = std::move(address); }

  // Readiness for the admin server's /readyz; any thread. OK while not shutting down and the
  // channel to the core is READY or the core answers a health check within a second; else
  // UNAVAILABLE saying why. Blocks the calling thread for up to a second while the core is
  // unreachable.
  absl::Status Ready() const;

 private:
  absl::Status Listen();
  void OnTcpPreInit(const websocketpp::connection_hdl& hdl);
  void OnWebSocketOpen(const websocketpp::connection_hdl& hdl);
  void OnWebSocketClosed(const websocketpp::connection_hdl& hdl);
  void OnWebSocketEnded(const websocketpp::connection_hdl& hdl);
  void OnHttpRequest(const websocketpp::connection_hdl& hdl);
  bool OnUpgradeRequest(const websocketpp::connection_hdl& hdl);
  void RouteHttpRequest(const WebSocketConnectionPtr& connection);
  bool RouteUpgradeRequest(const WebSocketConnectionPtr& connection);
  bool OverCapacity() const;
  void WaitForSignal();
  void BeginShutdown();

  const EdgeConfig config_;
  const EdgeTls tls_;
  boost::asio::io_context io_;
  IoInbox inbox_{io_};
  EventFrameCache frames_;
  WebSocketServer server_;
  EdgeMetrics metrics_;
  const CoreChannel core_;
  InFlightCalls in_flight_;
  const OpenConnectionCount open_connections_;
  const TrackForwarder track_forwarder_;
  const ListEventsForwarder list_events_forwarder_;
  const CoreHealthProbe health_probe_;
  const TrackRequestHandler track_handler_;
  const ListEventsHandler list_events_handler_;
  const HealthRequestHandler health_handler_;
  WebSocketSubscriptions subscriptions_;
  WebSocketKeepAlive keepalive_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_deadline_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running_;
  // Written on the io thread, also read by Ready() on the admin server's threads.
  std::atomic<bool> shutting_down_{false};
  bool drained_ = false;
  std::string admin_address_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_EDGE_SERVER_H_
