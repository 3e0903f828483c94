#include "edge/track_forwarder.h"

#include <utility>

#include "edge/core_unary_call.h"

namespace beacon::edge {

void TrackForwarder::Forward(std::string account_id, std::string data,
                             const std::vector<std::string>& bearer_tokens, Done done) const {
  beacon::v1::TrackRequest request;
  request.set_account_id(std::move(account_id));
  request.set_data(std::move(data));
  StartCoreUnaryCall<beacon::v1::TrackRequest, beacon::v1::TrackResponse>(
      io_, deadline_, core_.WaitForReady(), bearer_tokens, std::move(request),
      [&stub = core_.tracking()](auto... args) { stub.async()->Track(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<beacon::v1::TrackResponse> response) {
        if (!response.ok()) {
          metrics.CountCoreCallError(CoreMethod::kTrack, response.status().code());
          return done(response.status());
        }
        if (!response->has_event())
          return done(absl::InternalError("Track response without an event"));
        done(std::move(*response->mutable_event()));
      });
}

}  // namespace beacon::edge
