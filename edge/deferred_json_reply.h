#ifndef BEACON_EDGE_DEFERRED_JSON_REPLY_H_
#define BEACON_EDGE_DEFERRED_JSON_REPLY_H_

#include <string>

#include "edge/core_status_mapping.h"
#include "edge/in_flight_calls.h"
#include "edge/websocket_server.h"

namespace beacon::edge {

// The HTTP response of a request that waits for a call to the core: Defer() defers it and counts
// the call in InFlightCalls; Send() answers and ends the count. Every REST handler that calls
// the core uses it, so the count can never be forgotten on one of its paths.
// Threading: io thread only. Lifetime: copies hold the connection; `in_flight` must outlive them
// (EdgeServer drains calls before exiting). Exactly one Send/SendError per Defer().
class DeferredJsonReply {
 public:
  static DeferredJsonReply Defer(WebSocketConnectionPtr connection, InFlightCalls& in_flight);

  void Send(int http_status, const std::string& body) const;
  // {"error": message} with the status `error` names.
  void SendError(const HttpError& error) const;

 private:
  DeferredJsonReply(WebSocketConnectionPtr connection, InFlightCalls& in_flight)
      : connection_(std::move(connection)), in_flight_(&in_flight) {}

  WebSocketConnectionPtr connection_;
  InFlightCalls* in_flight_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_DEFERRED_JSON_REPLY_H_
