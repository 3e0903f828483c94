#pragma once

#include <string>

#include "edge/api/core_status_mapping.h"
#include "edge/api/http_exchange.h"
#include "edge/in_flight_calls.h"

namespace beacon::edge {

// The HTTP response of a request that waits for a call to the core: Defer() counts the call in
// InFlightCalls; Send() answers and ends the count. Every REST handler that calls the core uses
// it, so the count can never be forgotten on one of its paths.
// Threading: io thread only. Lifetime: copies hold the exchange; `in_flight` must outlive them
// (EdgeServer drains calls before exiting). Exactly one Send/SendError per Defer().
class DeferredJsonReply {
 public:
  static DeferredJsonReply Defer(HttpExchangePtr exchange, InFlightCalls& in_flight);

  void Send(int http_status, std::string body) const;
  // {"error": message} with the status `error` names.
  void SendError(const HttpError& error) const;

 private:
  DeferredJsonReply(HttpExchangePtr exchange, InFlightCalls& in_flight)
      : exchange_(std::move(exchange)), in_flight_(&in_flight) {}

  HttpExchangePtr exchange_;
  InFlightCalls* in_flight_;
};

}  // namespace beacon::edge
