#include "edge/health_request_handler.h"

#include <nlohmann/json.hpp>

#include "edge/deferred_json_reply.h"

namespace beacon::edge {

void HealthRequestHandler::Handle(const HttpExchangePtr& exchange) const {
  const DeferredJsonReply reply = DeferredJsonReply::Defer(exchange, in_flight_);
  core_.Check([reply](bool serving) {
    if (serving) return reply.Send(200, nlohmann::ordered_json{{"status", "ok"}}.dump());
    reply.SendError({503, "core unavailable"});
  });
}

}  // namespace beacon::edge
