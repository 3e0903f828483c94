#pragma once

#include "absl/strings/string_view.h"
#include "edge/api/http_exchange.h"
#include "edge/core_client/core_client.h"
#include "edge/in_flight_calls.h"

namespace beacon::edge {

// Serves GET /events?account=&since=&until=&limit=&page_token=&token=: forwards the keys of the
// Authorization: Bearer header and of every token parameter (BearerTokensOf), parses the query (400
// naming the parameter when it cannot), calls the core's ListEvents and answers 200 with
// {"events":[...],"next_page_token":"..."[,"truncated_before":N]} or the core's error mapped as
// for POST /tracking (HttpErrorForRestCall).
// The page's size is the core's to bound (its limit of 1000 events of at most --max_data_bytes
// each); the body is the JSON of that page.
// Threading and lifetime: as TrackRequestHandler.
class ListEventsHandler {
 public:
  ListEventsHandler(const CoreClient& core, InFlightCalls& in_flight)
      : core_(core), in_flight_(in_flight) {}

  // `query` is the raw query string, without the '?'.
  void Handle(const HttpExchangePtr& exchange, absl::string_view query) const;

 private:
  const CoreClient& core_;
  InFlightCalls& in_flight_;
};

}  // namespace beacon::edge
