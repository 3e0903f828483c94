#include "edge/list_events_forwarder.h"

#include <utility>

#include "edge/core_unary_call.h"

namespace beacon::edge {

void ListEventsForwarder::Forward(beacon::v1::ListEventsRequest request,
                                  const std::vector<std::string>& bearer_tokens, Done done) const {
  StartCoreUnaryCall<beacon::v1::ListEventsRequest, beacon::v1::ListEventsResponse>(
      io_, deadline_, core_.WaitForReady(), bearer_tokens, std::move(request),
      [&stub = core_.tracking()](auto... args) { stub.async()->ListEvents(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<beacon::v1::ListEventsResponse> response) {
        if (!response.ok()) {
          metrics.CountCoreCallError(CoreMethod::kListEvents, response.status().code());
        }
        done(std::move(response));
      });
}

}  // namespace beacon::edge
