#include "edge/list_events_handler.h"

#include <string>
#include <utility>
#include <vector>

#include "edge/api/bearer_tokens.h"
#include "edge/api/core_status_mapping.h"
#include "edge/api/error_json.h"
#include "edge/api/list_events_json.h"
#include "edge/api/list_events_query.h"
#include "edge/deferred_json_reply.h"

namespace beacon::edge {

void ListEventsHandler::Handle(const HttpExchangePtr& exchange, absl::string_view query) const {
  absl::StatusOr<beacon::v1::ListEventsRequest> request = ParseListEventsQuery(query);
  if (!request.ok()) {
    ReplyJson(*exchange, 400, ErrorJson(request.status().message()));
    return;
  }
  absl::StatusOr<std::vector<std::string>> tokens =
      BearerTokensOf(exchange->header("Authorization"), query);
  if (!tokens.ok()) {
    ReplyJsonError(*exchange, HttpErrorForRestCall(tokens.status()));
    return;
  }
  const DeferredJsonReply reply = DeferredJsonReply::Defer(exchange, in_flight_);
  core_.ListEvents(std::move(*request), *tokens,
                   [reply](absl::StatusOr<beacon::v1::ListEventsResponse> response) {
                     if (response.ok()) return reply.Send(200, ListEventsResponseToJson(*response));
                     reply.SendError(HttpErrorForRestCall(response.status()));
                   });
}

}  // namespace beacon::edge
