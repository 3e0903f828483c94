#pragma once

#include "edge/api/http_exchange.h"
#include "edge/core_client/core_client.h"
#include "edge/in_flight_calls.h"

namespace beacon::edge {

// Serves GET /healthz: 200 {"status":"ok"} when the core reports SERVING, otherwise
// 503 {"error":"core unavailable"}.
// Threading and lifetime: as TrackRequestHandler.
class HealthRequestHandler {
 public:
  HealthRequestHandler(const CoreClient& core, InFlightCalls& in_flight)
      : core_(core), in_flight_(in_flight) {}

  void Handle(const HttpExchangePtr& exchange) const;

 private:
  const CoreClient& core_;
  InFlightCalls& in_flight_;
};

}  // namespace beacon::edge
