#include "edge/list_events_handler.h"

#include <utility>

#include "edge/core_status_mapping.h"
#include "edge/deferred_json_reply.h"
#include "edge/error_json.h"
#include "edge/http_reply.h"
#include "edge/list_events_json.h"
#include "edge/list_events_query.h"

namespace beacon::edge {

void ListEventsHandler::Handle(const WebSocketConnectionPtr& connection,
                               absl::string_view query) const {
  absl::StatusOr<beacon::v1::ListEventsRequest> request = ParseListEventsQuery(query);
  if (!request.ok()) {
    SetJsonReply(*connection, 400, ErrorJson(request.status().message()));
    return;
  }
  const DeferredJsonReply reply = DeferredJsonReply::Defer(connection, in_flight_);
  forwarder_.Forward(std::move(*request),
                     [reply](absl::StatusOr<beacon::v1::ListEventsResponse> response) {
                       if (response.ok())
                         return reply.Send(200, ListEventsResponseToJson(*response));
                       reply.SendError(HttpErrorForRestCall(response.status()));
                     });
}

}  // namespace beacon::edge
