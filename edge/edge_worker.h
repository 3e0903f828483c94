#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <optional>

#include "edge/api/event_frame_cache.h"
#include "edge/api/http_exchange.h"
#include "edge/core_client/core_channel.h"
#include "edge/core_client/core_client.h"
#include "edge/core_client/io_inbox.h"
#include "edge/edge_config.h"
#include "edge/edge_metrics.h"
#include "edge/edge_tls.h"
#include "edge/health_request_handler.h"
#include "edge/in_flight_calls.h"
#include "edge/io_thread.h"
#include "edge/list_events_handler.h"
#include "edge/server/http_session.h"
#include "edge/server/incoming_connection.h"
#include "edge/server/open_connection_count.h"
#include "edge/server/websocket_keepalive.h"
#include "edge/server/websocket_server.h"
#include "edge/track_request_handler.h"
#include "edge/websocket_subscriptions.h"

namespace beacon::edge {

// One of the edge's io threads and everything its connections need: an io_context, a websocketpp
// endpoint that serves the client connections handed to it (it does not listen; EdgeServer's
// acceptor spreads new connections over the workers), the calls to the core those connections
// make, the WebSocket subscriptions with their keep-alive, and the thread's EventFrameCache and
// IoInbox. A connection lives on one worker from accept to close, so none of this state is shared
// between threads.
//
// Threading: Run() makes the calling thread this worker's io thread; every other method except
// Adopt() and BeginShutdown() (which post to it) must be called on that thread (checked in Debug
// and sanitizer builds: IoThread). gRPC completions reach it only through its IoInbox or asio
// posts. Lifetime: Run() returns once the worker was shut down and every call it made to the core
// has completed, so nothing gRPC calls back into is destroyed while referenced; `core`, `metrics`
// and `connections` must outlive it.
class EdgeWorker {
 public:
  EdgeWorker(const EdgeConfig& config, const EdgeTls& tls, const CoreChannel& core,
             EdgeMetrics& metrics, const OpenConnectionCount& connections,
             const std::atomic<bool>& shutting_down);
  EdgeWorker(const EdgeWorker&) = delete;
  EdgeWorker& operator=(const EdgeWorker&) = delete;

  boost::asio::io_context& io() { return io_; }

  // Any thread: serve `socket` (accepted on this worker's io_context) from now on. `counted`
  // keeps it in the open connection count for as long as it lives.
  void Adopt(boost::asio::ip::tcp::socket socket,
             std::unique_ptr<OpenConnectionCount::Token> counted);
  // Any thread: close this worker's WebSockets with 1001, let its calls to the core finish, then
  // run `on_drained` (on this worker's thread) and let Run() return.
  void BeginShutdown(std::function<void()> on_drained);
  // Runs the io_context until the worker has been shut down and drained (or stop()ped).
  void Run();
  // Whether every call this worker made to the core has completed.
  bool drained() const { return drained_; }

 private:
  void OnRequestHead(OptionalTlsStream stream, RequestHead head,
                     std::unique_ptr<OpenConnectionCount::Token> counted);
  // Hands a connection to websocketpp, which reads `bytes` (already read) again first.
  void Serve(OptionalTlsStream stream, std::string bytes,
             std::unique_ptr<OpenConnectionCount::Token> counted,
             std::optional<WebSocketSubscriptions::Admission> admission);
  void OnWebSocketOpen(const websocketpp::connection_hdl& hdl);
  void OnWebSocketClosed(const websocketpp::connection_hdl& hdl);
  void OnWebSocketEnded(const websocketpp::connection_hdl& hdl);
  void OnHttpRequest(const HttpExchangePtr& exchange);
  bool OnUpgradeRequest(const websocketpp::connection_hdl& hdl);
  bool RouteUpgradeRequest(const WebSocketConnectionPtr& connection);
  bool OverCapacity() const;

  IoThread io_thread_;
  const EdgeConfig& config_;
  const EdgeTls& tls_;
  const std::atomic<bool>& shutting_down_;
  const OpenConnectionCount& connections_;
  EdgeMetrics& metrics_;
  boost::asio::io_context io_;
  IoInbox inbox_{io_};
  EventFrameCache frames_;
  WebSocketServer server_;
  InFlightCalls in_flight_;
  const HttpSession::Settings http_settings_;
  // The HTTP sessions started here, for closing the idle ones at shutdown; pruned as it grows.
  std::vector<std::weak_ptr<HttpSession>> http_sessions_;
  size_t prune_http_sessions_at_ = 1024;
  const CoreClient core_client_;
  const TrackRequestHandler track_handler_;
  const ListEventsHandler list_events_handler_;
  const HealthRequestHandler health_handler_;
  WebSocketSubscriptions subscriptions_;
  WebSocketKeepAlive keepalive_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      keep_running_;
  bool drained_ = false;
};

}  // namespace beacon::edge
