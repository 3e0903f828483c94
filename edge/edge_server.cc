#include "edge/edge_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "edge/error_json.h"
#include "edge/host_port.h"
#include "edge/http_reply.h"
#include "edge/live_page.h"
#include "edge/redact_tokens.h"
#include "edge/rest_route.h"
#include "edge/websocket_log.h"
#include "observability/log.h"

namespace beacon::edge {
namespace {

// Subscribers are not expected to send anything; larger messages close their WebSocket (1009).
constexpr size_t kMaxSubscriberMessageBytes = 4096;
// How long a closing WebSocket waits for the client's close frame.
constexpr long kCloseHandshakeTimeoutMs = 2000;
// The io thread's cache of events' WebSocket frames (EventFrameCache): enough for every
// subscriber's backlog of a burst, bounded in memory.
constexpr size_t kFrameCacheEvents = 16384;
constexpr size_t kFrameCacheBytes = 32 << 20;
// How long /readyz waits for the core to answer a health check when the channel is not READY.
constexpr absl::Duration kReadyCheckTimeout = absl::Seconds(1);

void ReplyError(WebSocketConnection& connection, int http_status, absl::string_view message) {
  SetJsonReply(connection, http_status, ErrorJson(message));
}

void ReplyMethodNotAllowed(WebSocketConnection& connection, absl::string_view allowed) {
  ReplyError(connection, 405, absl::StrCat("Method not allowed; use ", allowed));
  connection.replace_header("Allow", std::string(allowed));
}

// Binding a throwaway acceptor first yields the OS's reason for a failure; websocketpp's own
// listen() reports every failure as "Underlying Transport Error".
absl::Status CheckCanBind(boost::asio::io_context& io,
                          const boost::asio::ip::tcp::endpoint& endpoint) {
  boost::asio::ip::tcp::acceptor probe(io);
  boost::system::error_code ec;
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec) return absl::UnavailableError(ec.message());
  return absl::OkStatus();
}

}  // namespace

EdgeServer::EdgeServer(EdgeConfig config, EdgeTls tls, observability::MetricsRegistry& metrics)
    : config_(std::move(config)),
      tls_(std::move(tls)),
      frames_(kFrameCacheEvents, kFrameCacheBytes),
      metrics_(metrics),
      core_(config_.core_address, tls_.core_credentials),
      track_forwarder_(core_, io_, config_.core_deadline, metrics_),
      list_events_forwarder_(core_, io_, config_.core_deadline, metrics_),
      health_probe_(core_, io_, config_.health_deadline, metrics_),
      track_handler_(track_forwarder_, in_flight_, config_.max_body_bytes),
      list_events_handler_(list_events_forwarder_, in_flight_),
      health_handler_(health_probe_, in_flight_),
      subscriptions_(core_, io_, inbox_, frames_, in_flight_, metrics_,
                     {config_.subscribe_accept_timeout, config_.ws_max_buffered_bytes,
                      config_.ws_send_timeout}),
      keepalive_(config_.ws_ping_interval, config_.ws_pong_timeout),
      signals_(io_, SIGINT, SIGTERM),
      shutdown_deadline_(io_) {
  metrics.AddGaugeFunction(
      "beacon_edge_connections", "Open client TCP connections (HTTP and WebSocket).", {},
      [&count = open_connections_] { return static_cast<double>(count.current()); });
  metrics.AddGaugeFunction("beacon_edge_core_connected",
                           "1 while the edge's gRPC channel to beacon-core is READY, else 0.", {},
                           [&core = core_] { return core.Connected() ? 1.0 : 0.0; });
}

absl::Status EdgeServer::Ready() const {
  if (shutting_down_.load()) return absl::UnavailableError("shutting down");
  return core_.CheckServing(kReadyCheckTimeout);
}

absl::Status EdgeServer::Run() {
  websocketpp::lib::error_code ec;
  server_.init_asio(&io_, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot set up asio: ", ec.message()));
  server_.clear_access_channels(websocketpp::log::alevel::all);
  // websocketpp logs ordinary client misbehaviour (even at "fatal"); the edge answers it instead.
  server_.clear_error_channels(websocketpp::log::elevel::all);
  server_.set_reuse_addr(true);
  server_.set_user_agent("beacon-edge");
  // websocketpp refuses a larger Content-Length itself, before reading the body (413).
  server_.set_max_http_body_size(config_.max_body_bytes);
  JsonErrorResponse::SetBodyLimit(config_.max_body_bytes);
  server_.set_max_message_size(kMaxSubscriberMessageBytes);
  server_.set_close_handshake_timeout(kCloseHandshakeTimeoutMs);
  // Covers the request line, headers and body of HTTP requests as well as upgrades: a client
  // that sends them too slowly is dropped (the TLS handshake before has its own 5 s bound).
  server_.set_open_handshake_timeout(absl::ToInt64Milliseconds(config_.handshake_timeout));
  server_.set_tls_context(tls_.public_context);

  server_.set_tcp_pre_init_handler([this](websocketpp::connection_hdl hdl) { OnTcpPreInit(hdl); });
  server_.set_http_handler([this](websocketpp::connection_hdl hdl) { OnHttpRequest(hdl); });
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

  if (absl::Status listening = Listen(); !listening.ok()) return listening;
  core_.StartConnectivityLog();
  keep_running_.emplace(io_.get_executor());
  WaitForSignal();

  for (;;) {
    try {
      io_.run();
      break;
    } catch (const std::exception& e) {
      observability::LogError("unexpected error", {{"error", RedactTokens(e.what())}});
    }
  }
  if (!drained_) {
    // Calls to the core are still running and would post into io_ while it is destroyed.
    std::fflush(nullptr);
    std::_Exit(EXIT_SUCCESS);
  }
  return absl::OkStatus();
}

absl::Status EdgeServer::Listen() {
  const absl::StatusOr<HostPort> address = ParseHostPort(config_.listen_address);
  if (!address.ok()) return address.status();
  boost::system::error_code resolve_ec;
  boost::asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(address->host, address->port, resolve_ec);
  if (resolve_ec || endpoints.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot resolve ", config_.listen_address, ": ", resolve_ec.message()));
  }
  const boost::asio::ip::tcp::endpoint endpoint = endpoints.begin()->endpoint();
  if (absl::Status bindable = CheckCanBind(io_, endpoint); !bindable.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config_.listen_address, ": ", bindable.message()));
  }

  websocketpp::lib::error_code ec;
  server_.listen(endpoint, ec);
  // The port is bound, so clients can already connect (the kernel queues them), but they are
  // served only once the core is reachable, or the wait is over.
  if (!ec && config_.core_startup_wait > absl::ZeroDuration() &&
      !core_.WaitForConnected(config_.core_startup_wait)) {
    observability::LogWarning(
        "core not reachable at start-up; serving anyway (503 until it is)",
        {{"core", config_.core_address},
         {"waited_ms", absl::ToInt64Milliseconds(config_.core_startup_wait)}});
  }
  if (!ec) server_.start_accept(ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config_.listen_address, ": ", ec.message()));
  }
  boost::system::error_code local_ec;
  const boost::asio::ip::tcp::endpoint bound = server_.get_local_endpoint(local_ec);
  if (local_ec) return absl::InternalError(local_ec.message());
  std::cout << "beacon-edge listening on " << FormatEndpoint(bound) << std::endl;
  observability::LogInfo("listening", {{"address", FormatEndpoint(bound)},
                                       {"core", config_.core_address},
                                       {"tls", tls_.public_context ? "on" : "off"},
                                       {"admin_address", admin_address_}});
  return absl::OkStatus();
}

void EdgeServer::OnTcpPreInit(const websocketpp::connection_hdl& hdl) {
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return;
  connection->open_connection_token = open_connections_.Acquire();
  connection->edge_metrics = &metrics_;
}

void EdgeServer::OnWebSocketOpen(const websocketpp::connection_hdl& hdl) {
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
void EdgeServer::OnWebSocketClosed(const websocketpp::connection_hdl& hdl) {
  metrics_.websocket_connections().Add(-1);
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return;
  metrics_.CountWebSocketClose(connection->get_local_close_code());
  LogWebSocketClosed(*connection);
}

void EdgeServer::OnWebSocketEnded(const websocketpp::connection_hdl& hdl) {
  keepalive_.Stop(hdl);
  subscriptions_.OnEnded(hdl);
}

void EdgeServer::OnHttpRequest(const websocketpp::connection_hdl& hdl) {
  websocketpp::lib::error_code ec;
  const WebSocketConnectionPtr connection = server_.get_con_from_hdl(hdl, ec);
  if (ec) return;
  connection->http_route = HttpRouteOfPath(SplitTarget(connection->get_resource()).path);
  connection->request_read_at = std::chrono::steady_clock::now();
  metrics_.received_bytes().Increment(connection->get_request().get_body().size());
  try {
    RouteHttpRequest(connection);
  } catch (const std::exception& e) {
    observability::LogError("error handling HTTP request", {{"error", RedactTokens(e.what())}});
    try {
      ReplyError(*connection, 500, "Internal error");
    } catch (const std::exception&) {
      // The connection can no longer answer; websocketpp closes it.
    }
  }
}

bool EdgeServer::OnUpgradeRequest(const websocketpp::connection_hdl& hdl) {
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

void EdgeServer::RouteHttpRequest(const WebSocketConnectionPtr& connection) {
  if (shutting_down_) return ReplyError(*connection, 503, "Server shutting down");
  if (OverCapacity()) return ReplyError(*connection, 503, "Too many connections");

  const RestRoute route =
      RouteRestRequest(connection->get_request().get_method(), connection->get_resource());
  switch (route.endpoint) {
    case RestEndpoint::kLivePage:
      return ServeLivePage(*connection);
    case RestEndpoint::kHealth:
      return health_handler_.Handle(connection);
    case RestEndpoint::kUpgradeRequired:
      ReplyError(*connection, 426, "WebSocket upgrade required");
      connection->replace_header("Upgrade", "websocket");
      return;
    case RestEndpoint::kTrack:
      return track_handler_.Handle(connection, route.account_id);
    case RestEndpoint::kListEvents:
      return list_events_handler_.Handle(connection, route.query);
    case RestEndpoint::kMethodNotAllowed:
      return ReplyMethodNotAllowed(*connection, route.allowed_method);
    case RestEndpoint::kNotFound:
      break;
  }
  ReplyError(*connection, 404, "Not found");
}

bool EdgeServer::RouteUpgradeRequest(const WebSocketConnectionPtr& connection) {
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
  // Blocks the io thread until the core accepts or refuses the stream, bounded by
  // --subscribe_accept_timeout_ms: websocketpp 0.8.2 cannot defer a handshake response.
  return subscriptions_.Admit(connection, target.query);
}

bool EdgeServer::OverCapacity() const {
  return open_connections_.current() > config_.max_connections;
}

void EdgeServer::WaitForSignal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int /*signal*/) {
    if (ec) return;  // cancelled once drained
    if (shutting_down_) {
      observability::LogWarning("second signal, exiting without waiting");
      io_.stop();
      return;
    }
    WaitForSignal();  // before BeginShutdown, which cancels the wait once drained
    BeginShutdown();
  });
}

void EdgeServer::BeginShutdown() {
  shutting_down_ = true;
  observability::LogInfo("shutting down",
                         {{"calls_in_flight", static_cast<uint64_t>(in_flight_.count())}});
  websocketpp::lib::error_code ec;
  server_.stop_listening(ec);
  subscriptions_.CloseAll({1001, "server shutting down"});

  // Every call is bounded by its deadline or was cancelled; this is a backstop.
  const absl::Duration limit =
      config_.core_deadline + absl::Milliseconds(kCloseHandshakeTimeoutMs) + absl::Seconds(1);
  shutdown_deadline_.expires_after(absl::ToChronoMilliseconds(limit));
  shutdown_deadline_.async_wait([this](const boost::system::error_code& timer_ec) {
    if (timer_ec) return;
    observability::LogWarning("calls to the core still running at the shutdown deadline; exiting",
                              {{"calls", static_cast<uint64_t>(in_flight_.count())}});
    io_.stop();
  });
  in_flight_.NotifyWhenDrained([this] {
    drained_ = true;
    keep_running_.reset();
    shutdown_deadline_.cancel();
    signals_.cancel();
  });
}

}  // namespace beacon::edge
