#ifndef BEACON_EDGE_HTTP_REPLY_H_
#define BEACON_EDGE_HTTP_REPLY_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "edge/core_status_mapping.h"
#include "edge/websocket_server.h"

namespace beacon::edge {

// Counts a response being handed to websocketpp in the connection's EdgeMetrics (route, status,
// body bytes, and the duration of a POST /tracking), and logs statuses >= 500 at debug level.
// Every reply helper calls it once per response; a route answering with another helper (e.g. an
// HTML page) calls it too. io thread only.
void RecordHttpReply(const WebSocketConnection& connection, int http_status, size_t body_bytes,
                     absl::string_view body);

// Fills in a JSON response on a connection whose request is being handled: from the http or
// validate handler, or before completing a deferred response. io thread only.
void SetJsonReply(WebSocketConnection& connection, int http_status, const std::string& body);

// SetJsonReply, then sends a response deferred with defer_http_response(). io thread only. If the
// connection can no longer answer (it was torn down meanwhile) the reply is dropped.
void SendDeferredJsonReply(WebSocketConnection& connection, int http_status,
                           const std::string& body);

// SetJsonReply with the body {"error": error.message}, and a Retry-After header when `error`
// carries one. io thread only.
void SetJsonErrorReply(WebSocketConnection& connection, const HttpError& error);

// SetJsonErrorReply, then sends a deferred response, as SendDeferredJsonReply. io thread only.
void SendDeferredJsonErrorReply(WebSocketConnection& connection, const HttpError& error);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_HTTP_REPLY_H_
