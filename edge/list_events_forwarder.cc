#include "edge/list_events_forwarder.h"

#include <utility>

#include "edge/core_unary_call.h"

namespace beacon::edge {

void ListEventsForwarder::Forward(beacon::v1::ListEventsRequest request,
                                  const std::vector<std::string>& bearer_tokens, Done done) const {
  StartCoreUnaryCall<beacon::v1::ListEventsRequest, beacon::v1::ListEventsResponse>(
      io_, deadline_, bearer_tokens, std::move(request),
      [&stub = stub_](auto... args) { stub.async()->ListEvents(std::move(args)...); },
      std::move(done));
}

}  // namespace beacon::edge
