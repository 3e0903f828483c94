#include "edge/core_client/core_client.h"

#include <utility>

#include "edge/core_client/core_unary_call.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace beacon::edge {

void CoreClient::Track(std::string account_id, std::string data,
                       const std::vector<std::string>& bearer_tokens,
                       Done<beacon::v1::Event> done) const {
  beacon::v1::TrackRequest request;
  request.set_account_id(std::move(account_id));
  request.set_data(std::move(data));
  StartCoreUnaryCall<beacon::v1::TrackRequest, beacon::v1::TrackResponse>(
      io_, call_deadline_, core_.WaitForReady(), bearer_tokens, std::move(request),
      [&stub = core_.tracking()](auto... args) { stub.async()->Track(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<beacon::v1::TrackResponse> response) {
        if (!response.ok()) {
          metrics.CountCoreCallError(CoreMethod::kTrack, response.status().code());
          return done(response.status());
        }
        if (!response->has_event()) {
          return done(absl::InternalError("Track response without an event"));
        }
        done(std::move(*response->mutable_event()));
      });
}

void CoreClient::ListEvents(beacon::v1::ListEventsRequest request,
                            const std::vector<std::string>& bearer_tokens,
                            Done<beacon::v1::ListEventsResponse> done) const {
  StartCoreUnaryCall<beacon::v1::ListEventsRequest, beacon::v1::ListEventsResponse>(
      io_, call_deadline_, core_.WaitForReady(), bearer_tokens, std::move(request),
      [&stub = core_.tracking()](auto... args) { stub.async()->ListEvents(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<beacon::v1::ListEventsResponse> response) {
        if (!response.ok()) {
          metrics.CountCoreCallError(CoreMethod::kListEvents, response.status().code());
        }
        done(std::move(response));
      });
}

void CoreClient::Check(std::function<void(bool serving)> done) const {
  StartCoreUnaryCall<grpc::health::v1::HealthCheckRequest, grpc::health::v1::HealthCheckResponse>(
      io_, health_deadline_, core_.WaitForReady(), /*bearer_tokens=*/{},
      grpc::health::v1::HealthCheckRequest(),
      [&stub = core_.health()](auto... args) { stub.async()->Check(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<grpc::health::v1::HealthCheckResponse> response) {
        if (!response.ok()) {
          metrics.CountCoreCallError(CoreMethod::kHealth, response.status().code());
        }
        done(response.ok() && response->status() == grpc::health::v1::HealthCheckResponse::SERVING);
      });
}

}  // namespace beacon::edge
