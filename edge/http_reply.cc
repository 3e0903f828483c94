#include "edge/http_reply.h"

#include <chrono>
#include <functional>

#include "edge/error_json.h"
#include "edge/redact_tokens.h"
#include "observability/log.h"

namespace beacon::edge {

void RecordHttpReply(const WebSocketConnection& connection, int http_status, size_t body_bytes,
                     absl::string_view body) {
  EdgeMetrics* const metrics = connection.edge_metrics;
  if (metrics == nullptr) return;
  metrics->CountHttpReply(connection.http_route, http_status, body_bytes);
  if (connection.http_route == HttpRoute::kTrack) {
    const std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - connection.request_read_at;
    metrics->track_duration_seconds().Observe(elapsed.count());
  }
  if (http_status >= 500) {
    // Server-side error bodies hold the edge's or the core's message, never a request's data.
    observability::LogDebug("http error reply", {{"route", HttpRouteName(connection.http_route)},
                                                 {"status", http_status},
                                                 {"body", RedactTokens(body)}});
  }
}

void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body) {
  connection.set_status(static_cast<websocketpp::http::status_code::value>(http_status));
  connection.replace_header("Content-Type", "application/json");
  // websocketpp closes every plain HTTP connection after one response.
  connection.replace_header("Connection", "close");
  connection.set_body(body);
  RecordHttpReply(connection, http_status, body.size(), body);
}

namespace {

void SendDeferred(WebSocketConnection& connection, const std::function<void()>& fill_in) {
  try {
    fill_in();
  } catch (const websocketpp::exception&) {
    return;  // the connection left the state in which it can answer
  }
  websocketpp::lib::error_code ignored;
  connection.send_http_response(ignored);
}

}  // namespace

void SendDeferredJsonReply(WebSocketConnection& connection, int http_status,
                           const std::string& body) {
  SendDeferred(connection, [&] { SetJsonReply(connection, http_status, body); });
}

void SetJsonErrorReply(WebSocketConnection& connection, const HttpError& error) {
  SetJsonReply(connection, error.http_status, ErrorJson(error.message));
  if (error.retry_after_seconds > 0) {
    connection.replace_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
}

void SendDeferredJsonErrorReply(WebSocketConnection& connection, const HttpError& error) {
  SendDeferred(connection, [&] { SetJsonErrorReply(connection, error); });
}

}  // namespace beacon::edge
