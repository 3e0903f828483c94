#pragma once

#include "edge/api/http_exchange.h"

namespace beacon::edge {

// The Content-Security-Policy of the live page: its inline script and style may run, it may open
// a WebSocket to its own origin ('self' covers ws:/wss: to the same host and port), nothing else.
extern const char kLivePageContentSecurityPolicy[];

// Answers GET / with the live page (edge/server/live_page.html, compiled in): 200, text/html, not
// cached, with kLivePageContentSecurityPolicy. io thread only, from the http handler.
void ServeLivePage(HttpExchange& exchange);

}  // namespace beacon::edge
