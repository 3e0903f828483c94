#ifndef BEACON_EDGE_EDGE_CONFIG_H_
#define BEACON_EDGE_EDGE_CONFIG_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace beacon::edge {

// Everything EdgeServer needs to know, filled from flags by main.cc.
struct EdgeConfig {
  std::string listen_address = "0.0.0.0:8082";  // HOST:PORT; port 0 binds an ephemeral port
  std::string core_address = "127.0.0.1:50051";
  // HOST:PORT of the admin HTTP server (/metrics, /healthz, /readyz); empty: none.
  std::string admin_listen_address = "127.0.0.1:9091";
  absl::Duration core_deadline = absl::Milliseconds(5000);
  absl::Duration health_deadline = absl::Seconds(1);
  absl::Duration subscribe_accept_timeout = absl::Milliseconds(2000);
  size_t max_body_bytes = 262144;
  size_t ws_max_buffered_bytes = 4 * 1024 * 1024;
  size_t max_connections = 20000;
  // From accepting a connection (after its TLS handshake) to having read the whole request
  // (line, headers, body) or WebSocket upgrade; past it the connection is dropped (slowloris).
  absl::Duration handshake_timeout = absl::Milliseconds(5000);
  // WebSocket keep-alive (WebSocketKeepAlive); a zero interval turns pings off.
  absl::Duration ws_ping_interval = absl::Milliseconds(30000);
  absl::Duration ws_pong_timeout = absl::Milliseconds(20000);
};

// InvalidArgument naming the first setting that cannot work.
absl::Status ValidateEdgeConfig(const EdgeConfig& config);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_EDGE_CONFIG_H_
