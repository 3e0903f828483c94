#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "edge/api/core_status_mapping.h"
#include "edge/server/websocket_server.h"

namespace beacon::edge {

// Counts one HTTP response in `metrics` (route, status, body bytes, and for a POST /tracking its
// duration since `read_at`), and logs statuses >= 500 at debug level. Every response is counted
// once: HttpExchange replies and websocketpp's upgrade refusals alike. Any thread.
void RecordHttpReply(EdgeMetrics& metrics, HttpRoute route, int http_status, size_t body_bytes,
                     absl::string_view body, std::chrono::steady_clock::time_point read_at);
// The same for a response handed to websocketpp (an upgrade answered with an error), from the
// connection's EdgeMetrics. io thread only.
void RecordHttpReply(const WebSocketConnection& connection, int http_status, size_t body_bytes,
                     absl::string_view body);

// Fills in a JSON response on a connection whose WebSocket upgrade websocketpp is validating
// (a refused upgrade): from its validate handler. io thread only. Plain HTTP requests are
// answered through HttpExchange instead.
void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body);

// SetJsonReply with the body {"error": error.message}, and a Retry-After header when `error`
// carries one. io thread only.
void SetJsonErrorReply(WebSocketConnection& connection, const HttpError& error);

}  // namespace beacon::edge
