#include "edge/health_request_handler.h"

#include <nlohmann/json.hpp>

#include "edge/error_json.h"
#include "edge/http_reply.h"

namespace beacon::edge {

void HealthRequestHandler::Handle(const WebSocketConnectionPtr& connection) const {
  connection->defer_http_response();
  in_flight_.Begin();
  probe_.Check([connection, &in_flight = in_flight_](bool serving) {
    if (serving) {
      const nlohmann::ordered_json ok = {{"status", "ok"}};
      SendDeferredJsonReply(*connection, 200, ok.dump());
    } else {
      SendDeferredJsonReply(*connection, 503, ErrorJson("core unavailable"));
    }
    in_flight.End();
  });
}

}  // namespace beacon::edge
