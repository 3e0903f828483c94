#include "edge/deferred_json_reply.h"

#include <utility>

#include "edge/http_reply.h"

namespace beacon::edge {

DeferredJsonReply DeferredJsonReply::Defer(WebSocketConnectionPtr connection,
                                           InFlightCalls& in_flight) {
  connection->defer_http_response();
  in_flight.Begin();
  return DeferredJsonReply(std::move(connection), in_flight);
}

void DeferredJsonReply::Send(int http_status, const std::string& body) const {
  SendDeferredJsonReply(*connection_, http_status, body);
  in_flight_->End();
}

void DeferredJsonReply::SendError(const HttpError& error) const {
  SendDeferredJsonErrorReply(*connection_, error);
  in_flight_->End();
}

}  // namespace beacon::edge
