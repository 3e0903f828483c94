#pragma once

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "beacon/v1/tracking_limits.h"

namespace beacon::edge {

// The request body a POST /tracking with `max_data_bytes` of data may need: JSON may escape every
// data byte as \u00XX (6 bytes), plus room for the {"data": ...} envelope and whitespace.
constexpr size_t MaxBodyBytesForData(size_t max_data_bytes) { return 6 * max_data_bytes + 4096; }

// Everything EdgeServer needs to know, filled from flags by main.cc.
struct EdgeConfig {
  std::string listen_address = "0.0.0.0:8082";  // HOST:PORT; port 0 binds an ephemeral port
  std::string core_address = "127.0.0.1:50051";
  // HOST:PORT of the admin HTTP server (/metrics, /healthz, /readyz); empty: none.
  std::string admin_listen_address = "127.0.0.1:9091";
  // Threads serving client connections (EdgeWorker); 0: one per hardware thread.
  size_t io_threads = 0;
  absl::Duration core_deadline = absl::Milliseconds(5000);
  // How long the edge waits at start-up for its channel to the core before opening its port, so
  // that it does not answer 503 in its first moments only because the core is starting too.
  absl::Duration core_startup_wait = absl::Milliseconds(3000);
  absl::Duration health_deadline = absl::Seconds(1);
  absl::Duration subscribe_accept_timeout = absl::Milliseconds(2000);
  // Follows the core's default data limit, so that any event the core accepts fits.
  size_t max_body_bytes = MaxBodyBytesForData(beacon::v1::kDefaultMaxDataBytes);
  size_t ws_max_buffered_bytes = 4 * 1024 * 1024;
  // A WebSocket whose socket takes nothing for this long while frames wait is closed with 4008.
  absl::Duration ws_send_timeout = absl::Milliseconds(10000);
  size_t max_connections = 20000;
  // From accepting a connection (after its TLS handshake), or from the first byte of a later
  // request on a kept-alive one, to having read the whole request (line, headers, body) or
  // WebSocket upgrade; past it the connection is dropped (slowloris).
  absl::Duration handshake_timeout = absl::Milliseconds(5000);
  // How long a kept-alive HTTP connection may wait for its next request, and how many requests
  // one connection carries before the edge closes it (Connection: close on the last).
  absl::Duration http_idle_timeout = absl::Seconds(60);
  size_t http_max_requests_per_connection = 1000;
  // WebSocket keep-alive (WebSocketKeepAlive); a zero interval turns pings off.
  absl::Duration ws_ping_interval = absl::Milliseconds(30000);
  absl::Duration ws_pong_timeout = absl::Milliseconds(20000);
};

// InvalidArgument naming the first setting that cannot work.
absl::Status ValidateEdgeConfig(const EdgeConfig& config);

}  // namespace beacon::edge
