#include "edge/server/http_reply.h"

#include <chrono>

#include "edge/api/error_json.h"
#include "edge/api/redact_tokens.h"
#include "observability/log.h"

namespace beacon::edge {

void RecordHttpReply(EdgeMetrics& metrics, HttpRoute route, int http_status, size_t body_bytes,
                     absl::string_view body, std::chrono::steady_clock::time_point read_at) {
  metrics.CountHttpReply(route, http_status, body_bytes);
  if (route == HttpRoute::kTrack) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - read_at;
    metrics.track_duration_seconds().Observe(elapsed.count());
  }
  if (http_status >= 500) {
    // Server-side error bodies hold the edge's or the core's message, never a request's data.
    observability::LogDebug(
        "http error reply",
        {{"route", HttpRouteName(route)}, {"status", http_status}, {"body", RedactTokens(body)}});
  }
}

void RecordHttpReply(const WebSocketConnection& connection, int http_status, size_t body_bytes,
                     absl::string_view body) {
  if (connection.edge_metrics == nullptr) return;
  RecordHttpReply(*connection.edge_metrics, connection.http_route, http_status, body_bytes, body,
                  connection.request_read_at);
}

void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body) {
  connection.set_status(static_cast<websocketpp::http::status_code::value>(http_status));
  connection.replace_header("Content-Type", "application/json");
  // websocketpp closes the connection after refusing an upgrade.
  connection.replace_header("Connection", "close");
  connection.set_body(body);
  RecordHttpReply(connection, http_status, body.size(), body);
}

void SetJsonErrorReply(WebSocketConnection& connection, const HttpError& error) {
  SetJsonReply(connection, error.http_status, ErrorJson(error.message));
  if (error.retry_after_seconds > 0) {
    connection.replace_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
}

}  // namespace beacon::edge
