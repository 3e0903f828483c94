#include "edge/edge_config.h"

namespace beacon::edge {

absl::Status ValidateEdgeConfig(const EdgeConfig& config) {
  if (config.core_address.empty()) return absl::InvalidArgumentError("--core must not be empty");
  if (config.core_deadline <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--core_deadline_ms must be positive");
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
  if (config.max_connections == 0) {
    return absl::InvalidArgumentError("--max_connections must be positive");
  }
  return absl::OkStatus();
}

}  // namespace beacon::edge
