#include "edge/edge_config.h"

namespace beacon::edge {

absl::Status ValidateEdgeConfig(const EdgeConfig& config) {
  if (config.core_address.empty()) return absl::InvalidArgumentError("--core must not be empty");
  if (config.core_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--core_deadline_ms must be positive");
  }
  if (config.core_startup_wait < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--core_startup_wait_ms must not be negative");
  }
  if (config.health_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the health check deadline must be positive");
  }
  if (config.subscribe_accept_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--subscribe_accept_timeout_ms must be positive");
  }
  if (config.max_body_bytes == 0) {
    return absl::InvalidArgumentError("--max_body_bytes must be positive");
  }
  if (config.ws_max_buffered_bytes == 0) {
    return absl::InvalidArgumentError("--ws_max_buffered_bytes must be positive");
  }
  if (config.ws_send_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--ws_send_timeout_ms must be positive");
  }
  if (config.max_connections == 0) {
    return absl::InvalidArgumentError("--max_connections must be positive");
  }
  if (config.handshake_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--handshake_timeout_ms must be positive");
  }
  if (config.http_idle_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--http_idle_timeout_ms must be positive");
  }
  if (config.http_max_requests_per_connection == 0) {
    return absl::InvalidArgumentError("--http_max_requests_per_connection must be positive");
  }
  if (config.ws_ping_interval < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--ws_ping_interval_ms must not be negative");
  }
  if (config.ws_ping_interval > absl::ZeroDuration() &&
      (config.ws_pong_timeout <= absl::ZeroDuration() ||
       config.ws_pong_timeout > config.ws_ping_interval)) {
    return absl::InvalidArgumentError(
        "--ws_pong_timeout_ms must be positive and at most --ws_ping_interval_ms");
  }
  return absl::OkStatus();
}

}  // namespace beacon::edge
