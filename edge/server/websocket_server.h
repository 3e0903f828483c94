#pragma once

#include <chrono>
#include <memory>
#include <websocketpp/concurrency/none.hpp>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include "edge/edge_metrics.h"
#include "edge/server/json_error_response.h"
#include "edge/server/open_connection_count.h"
#include "edge/server/optional_tls_socket.h"

namespace beacon::edge {

// Mixed into every websocketpp connection: keeps the connection counted while it exists, and
// carries what its reply needs for the metrics (io thread only, like the connection).
struct CountedConnection {
  std::unique_ptr<OpenConnectionCount::Token> open_connection_token;
  // Set when the connection is accepted; null only for connections made outside EdgeServer.
  EdgeMetrics* edge_metrics = nullptr;
  // Set when the request (or upgrade) has been read.
  HttpRoute http_route = HttpRoute::kOther;
  std::chrono::steady_clock::time_point request_read_at;
};

// websocketpp's asio server config, with JSON error bodies, connection counting, and plain TCP or
// TLS chosen at run time (OptionalTlsSocket: set_tls_context on the server before listening).
// Each endpoint and its connections live on one io thread (EdgeWorker), so websocketpp takes no
// locks and makes no strands.
struct WebSocketServerConfig : websocketpp::config::asio {
  typedef WebSocketServerConfig type;
  typedef websocketpp::config::asio base;

  typedef websocketpp::concurrency::none concurrency_type;
  typedef websocketpp::log::basic<concurrency_type, websocketpp::log::elevel> elog_type;
  typedef websocketpp::log::basic<concurrency_type, websocketpp::log::alevel> alog_type;

  typedef JsonErrorResponse response_type;
  typedef CountedConnection connection_base;

  // Every connection owns a read buffer of this size for its whole life. Subscribers send
  // nothing after the handshake, so websocketpp's 16 KiB default is mostly idle memory.
  static const size_t connection_read_buffer_size = 2048;

  struct transport_config : base::transport_config {
    typedef type::concurrency_type concurrency_type;
    typedef type::elog_type elog_type;
    typedef type::alog_type alog_type;
    typedef type::response_type response_type;
    typedef optional_tls_socket::endpoint socket_type;
    static const bool enable_multithreading = false;
  };
  typedef websocketpp::transport::asio::endpoint<transport_config> transport_type;
};

using WebSocketServer = websocketpp::server<WebSocketServerConfig>;
using WebSocketConnection = WebSocketServer::connection_type;
using WebSocketConnectionPtr = WebSocketServer::connection_ptr;

}  // namespace beacon::edge
