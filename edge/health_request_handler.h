#ifndef BEACON_EDGE_HEALTH_REQUEST_HANDLER_H_
#define BEACON_EDGE_HEALTH_REQUEST_HANDLER_H_

#include "edge/core_health_probe.h"
#include "edge/http_exchange.h"
#include "edge/in_flight_calls.h"

namespace beacon::edge {

// Serves GET /healthz: 200 {"status":"ok"} when the core reports SERVING, otherwise
// 503 {"error":"core unavailable"}.
// Threading and lifetime: as TrackRequestHandler.
class HealthRequestHandler {
 public:
  HealthRequestHandler(const CoreHealthProbe& probe, InFlightCalls& in_flight)
      : probe_(probe), in_flight_(in_flight) {}

  void Handle(const HttpExchangePtr& exchange) const;

 private:
  const CoreHealthProbe& probe_;
  InFlightCalls& in_flight_;
};

}  // namespace beacon::edge

#endif  // BEACON_EDGE_HEALTH_REQUEST_HANDLER_H_
