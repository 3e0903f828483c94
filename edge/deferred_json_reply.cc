#include "edge/deferred_json_reply.h"

#include <utility>

namespace beacon::edge {

DeferredJsonReply DeferredJsonReply::Defer(HttpExchangePtr exchange, InFlightCalls& in_flight) {
  in_flight.Begin();
  return DeferredJsonReply(std::move(exchange), in_flight);
}

void DeferredJsonReply::Send(int http_status, std::string body) const {
  ReplyJson(*exchange_, http_status, std::move(body));
  in_flight_->End();
}

void DeferredJsonReply::SendError(const HttpError& error) const {
  ReplyJsonError(*exchange_, error);
  in_flight_->End();
}

}  // namespace beacon::edge
