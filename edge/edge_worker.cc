#include "edge/edge_worker.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "edge/api/error_json.h"
#include "edge/api/redact_tokens.h"
#include "edge/api/rest_route.h"
#include "edge/server/http_reply.h"
#include "edge/server/live_page.h"
#include "edge/server/websocket_log.h"
#include "observability/log.h"

namespace beacon::edge {
namespace {

// Subscribers are not expected to send anything; larger messages close their WebSocket (1009).
constexpr size_t kMaxSubscriberMessageBytes = 4096;
// How long a closing WebSocket waits for the client's close frame.
constexpr long kCloseHandshakeTimeoutMs = 2000;
// Each io thread's cache of events' WebSocket frames (EventFrameCache): enough for every
// subscriber's backlog of a burst, bounded in memory.
constexpr size_t kFrameCacheEvents = 16384;
constexpr size_t kFrameCacheBytes = 32 << 20;

void ReplyError(WebSocketConnection& connection, int http_status, absl::string_view message) {
  SetJsonReply(connection, http_status, ErrorJson(message));
}

void ReplyError(HttpExchange& exchange, int http_status, absl::string_view message) {
  ReplyJson(exchange, http_status, ErrorJson(message));
}

}  // namespace

EdgeWorker::EdgeWorker(const EdgeConfig& config, const EdgeTls& tls, const CoreChannel& core,
                       EdgeMetrics& metrics, const OpenConnectionCount& connections,
                       const std::atomic<bool>& shutting_down)
    : config_(config),
      tls_(tls),
      shutting_down_(shutting_down),
      connections_(connections),
      metrics_(metrics),
      frames_(kFrameCacheEvents, kFrameCacheBytes),
      http_settings_{config_.max_body_bytes, config_.handshake_timeout, config_.http_idle_timeout,
                     config_.http_max_requests_per_connection,
                     [](absl::string_view method, absl::string_view target) {
                       return RouteRestRequest(method, target).endpoint == RestEndpoint::kTrack;
                     }},
      core_client_(core, io_, config_.core_deadline, config_.health_deadline, metrics_),
      track_handler_(core_client_, in_flight_, config_.max_body_bytes),
      list_events_handler_(core_client_, in_flight_),
      health_handler_(core_client_, in_flight_),
      subscriptions_(core, io_, inbox_, frames_, in_flight_, metrics_,
                     {config_.subscribe_accept_timeout, config_.ws_max_buffered_bytes,
                      config_.ws_send_timeout}),
      keepalive_(config_.ws_ping_interval, config_.ws_pong_timeout),
      keep_running_(io_.get_executor()) {
  websocketpp::lib::error_code ec;
  server_.init_asio(&io_, ec);
  if (ec) {
    observability::LogError("cannot set up asio", {{"error", ec.message()}});
    std::abort();  // nothing of the process is usable; asio set-up does not fail in practice
  }
  server_.clear_access_channels(websocketpp::log::alevel::all);
  // websocketpp logs ordinary client misbehaviour (even at "fatal"); the edge answers it instead.
  server_.clear_error_channels(websocketpp::log::elevel::all);
  server_.set_user_agent("beacon-edge");
  // websocketpp refuses a larger Content-Length itself, before reading the body (413).
  server_.set_max_http_body_size(config_.max_body_bytes);
  server_.set_max_message_size(kMaxSubscriberMessageBytes);
  server_.set_close_handshake_timeout(kCloseHandshakeTimeoutMs);
  // Covers the request line, headers and body of HTTP requests as well as upgrades: a client
  // that sends them too slowly is dropped (the TLS handshake before has its own 5 s bound).
  server_.set_open_handshake_timeout(absl::ToInt64Milliseconds(config_.handshake_timeout));
  server_.set_tls_context(tls.public_context);

  server_.set_validate_handler(
      [this](websocketpp::connection_hdl hdl) { return OnUpgradeRequest(hdl); });
  server_.set_open_handler([this](websocketpp::connection_hdl hdl) { OnWebSocketOpen(hdl); });
  server_.set_close_handler([this](websocketpp::connection_hdl hdl) {
    OnWebSocketClosed(hdl);
    OnWebSocketEnded(hdl);
  });
  server_.set_fail_handler([this](websocketpp::connection_hdl hdl) { OnWebSocketEnded(hdl); });
  server_.set_message_handler(
      [this](websocketpp::connection_hdl, WebSocketServer::message_ptr message) {
        metrics_.received_bytes().Increment(message->get_payload().size());
      });
}

void EdgeWorker::Adopt(boost::asio::ip::tcp::socket socket,
                       std::unique_ptr<OpenConnectionCount::Token> counted) {
  auto start = [this, socket = std::move(socket), counted = std::move(counted)]() mutable {
    io_thread_.Check();
    boost::system::error_code ignored;
    // Replies and frames go out as soon as they are written, not after the client's next ACK.
    socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
    IncomingConnection::Start(io_, OptionalTlsStream(std::move(socket), tls_.public_context.get()),
                              std::move(counted), config_.handshake_timeout,
                              [this](OptionalTlsStream stream, RequestHead head,
                                     std::unique_ptr<OpenConnectionCount::Token> counted) {
                                OnRequestHead(std::move(stream), std::move(head),
                                              std::move(counted));
                              });
  };
  boost::asio::post(io_, std::move(start));
}

void EdgeWorker::OnRequestHead(OptionalTlsStream stream, RequestHead head,
                               std::unique_ptr<OpenConnectionCount::Token> counted) {
  if (!head.websocket_upgrade) {
    // Plain HTTP: Beast serves it, and the requests after it on the same connection; an upgrade
    // among them comes back here.
    if (http_sessions_.size() >= prune_http_sessions_at_) {
      http_sessions_.erase(std::remove_if(http_sessions_.begin(), http_sessions_.end(),
                                          [](const auto& session) { return session.expired(); }),
                           http_sessions_.end());
      prune_http_sessions_at_ = std::max<size_t>(1024, 2 * http_sessions_.size());
    }
    http_sessions_.push_back(HttpSession::Start(
        io_, std::move(stream), std::move(head.bytes), std::move(counted), http_settings_, metrics_,
        shutting_down_, [this](const HttpExchangePtr& exchange) { OnHttpRequest(exchange); },
        [this](OptionalTlsStream stream, RequestHead head,
               std::unique_ptr<OpenConnectionCount::Token> counted) {
          OnRequestHead(std::move(stream), std::move(head), std::move(counted));
        }));
    return;
  }
  const RequestTarget target = SplitTarget(head.target);
  if (target.path != "/subscribe" || shutting_down_ || OverCapacity()) {
    // Nothing to ask the core first; websocketpp refuses it (404, 503).
    Serve(std::move(stream), std::move(head.bytes), std::move(counted), std::nullopt);
    return;
  }
  // The upgrade waits for the core's verdict without holding this thread, then goes to
  // websocketpp, which answers it at once.
  struct Waiting {
    OptionalTlsStream stream;
    std::string bytes;
    std::unique_ptr<OpenConnectionCount::Token> counted;
  };
  auto waiting = std::make_shared<Waiting>(
      Waiting{std::move(stream), std::move(head.bytes), std::move(counted)});
  subscriptions_.Admit(target.query, head.authorization,
                       [this, waiting](WebSocketSubscriptions::Admission admission) {
                         Serve(std::move(waiting->stream), std::move(waiting->bytes),
                               std::move(waiting->counted), std::move(admission));
                       });
}

void EdgeWorker::Serve(OptionalTlsStream stream, std::string bytes,
                       std::unique_ptr<OpenConnectionCount::Token> counted,
                       std::optional<WebSocketSubscriptions::Admission> admission) {
  const WebSocketConnectionPtr connection = server_.get_connection();
  if (!connection) return;
  connection->open_connection_token = std::move(counted);
  connection->edge_metrics = &metrics_;
  stream.Unread(std::move(bytes));
  connection->adopt(std::move(stream));
  if (admission.has_value()) {
    subscriptions_.HandOver(connection->get_handle(), *std::move(admission));
  }
  connection->start();
}

void EdgeWorker::Run() {
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      observability::LogError("unexpected error", {{"error", RedactTokens(e.what())}});
    }
  }
}

void EdgeWorker::BeginShutdown(std::function<void()> on_drained) {
  boost::asio::post(io_, [this, on_drained = std::move(on_drained)]() mutable {
    io_thread_.Check();
    subscriptions_.CloseAll({1001, "server shutting down"});
    for (const std::weak_ptr<HttpSession>& weak : http_sessions_) {
      if (const std::shared_ptr<HttpSession> session = weak.lock()) session->CloseIfIdle();
    }
    in_flight_.NotifyWhenDrained([this, on_drained = std::move(on_drained)] {
      drained_ = true;
      keep_running_.reset();
      on_drained();
    });
  });
}

void EdgeWorker::OnWebSocketOpen(const websocketpp::connection_hdl& hdl) {
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return;
  metrics_.CountHttpReply(HttpRoute::kSubscribe, 101, 0);
  metrics_.websocket_connections().Add(1);
  LogWebSocketOpened(*connection);
  keepalive_.Start(connection);
  subscriptions_.OnOpen(hdl);
}

// websocketpp calls the close handler exactly for connections that were open (a handshake that
// fails goes to the fail handler instead).
void EdgeWorker::OnWebSocketClosed(const websocketpp::connection_hdl& hdl) {
  metrics_.websocket_connections().Add(-1);
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return;
  metrics_.CountWebSocketClose(connection->get_local_close_code());
  LogWebSocketClosed(*connection);
}

void EdgeWorker::OnWebSocketEnded(const websocketpp::connection_hdl& hdl) {
  keepalive_.Stop(hdl);
  subscriptions_.OnEnded(hdl);
}

bool EdgeWorker::OnUpgradeRequest(const websocketpp::connection_hdl& hdl) {
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return false;
  connection->http_route = HttpRouteOfPath(SplitTarget(connection->get_resource()).path);
  connection->request_read_at = std::chrono::steady_clock::now();
  try {
    return RouteUpgradeRequest(connection);
  } catch (const std::exception& e) {
    observability::LogError("error handling WebSocket upgrade",
                            {{"error", RedactTokens(e.what())}});
    return false;
  }
}

void EdgeWorker::OnHttpRequest(const HttpExchangePtr& exchange) {
  io_thread_.Check();
  HttpExchange& request = *exchange;
  if (shutting_down_) return ReplyError(request, 503, "Server shutting down");
  if (OverCapacity()) return ReplyError(request, 503, "Too many connections");

  const RestRoute route = RouteRestRequest(request.method(), request.target());
  switch (route.endpoint) {
    case RestEndpoint::kLivePage:
      return ServeLivePage(request);
    case RestEndpoint::kHealth:
      return health_handler_.Handle(exchange);
    case RestEndpoint::kUpgradeRequired:
      return ReplyJson(request, 426, ErrorJson("WebSocket upgrade required"),
                       {{"Upgrade", "websocket"}});
    case RestEndpoint::kTrack:
      return track_handler_.Handle(exchange, route.account_id);
    case RestEndpoint::kListEvents:
      return list_events_handler_.Handle(exchange, route.query);
    case RestEndpoint::kMethodNotAllowed:
      return ReplyJson(request, 405,
                       ErrorJson(absl::StrCat("Method not allowed; use ", route.allowed_method)),
                       {{"Allow", std::string(route.allowed_method)}});
    case RestEndpoint::kNotFound:
      break;
  }
  ReplyError(request, 404, "Not found");
}

bool EdgeWorker::RouteUpgradeRequest(const WebSocketConnectionPtr& connection) {
  const RequestTarget target = SplitTarget(connection->get_resource());
  if (target.path != "/subscribe") {
    ReplyError(*connection, 404, "Not found");
    return false;
  }
  if (shutting_down_) {
    ReplyError(*connection, 503, "Server shutting down");
    return false;
  }
  if (OverCapacity()) {
    ReplyError(*connection, 503, "Too many connections");
    return false;
  }
  // The core's verdict is already known (OnRequestHead).
  return subscriptions_.OnUpgrade(connection);
}

bool EdgeWorker::OverCapacity() const { return connections_.current() > config_.max_connections; }

}  // namespace beacon::edge
