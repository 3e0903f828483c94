#pragma once

#include "edge/server/websocket_server.h"

namespace beacon::edge {

// Debug-level log lines of a subscriber's WebSocket: "websocket open" with the client's address
// and the accounts it subscribed to ("*" for every account), "websocket closed" with the close
// codes and reason.
// Never the query string as such (it may hold a token=) nor any event. Cheap when debug logging
// is off. io thread only.
void LogWebSocketOpened(const WebSocketConnection& connection);
void LogWebSocketClosed(const WebSocketConnection& connection);

}  // namespace beacon::edge
