#include "edge/core_health_probe.h"

#include <utility>

#include "edge/core_unary_call.h"

namespace beacon::edge {

void CoreHealthProbe::Check(Done done) const {
  StartCoreUnaryCall<grpc::health::v1::HealthCheckRequest, grpc::health::v1::HealthCheckResponse>(
      io_, deadline_, core_.WaitForReady(), /*bearer_tokens=*/{},
      grpc::health::v1::HealthCheckRequest(),
      [&stub = core_.health()](auto... args) { stub.async()->Check(std::move(args)...); },
      [done = std::move(done),
       &metrics = metrics_](absl::StatusOr<grpc::health::v1::HealthCheckResponse> response) {
        if (!response.ok())
          metrics.CountCoreCallError(CoreMethod::kHealth, response.status().code());
        done(response.ok() && response->status() == grpc::health::v1::HealthCheckResponse::SERVING);
      });
}

}  // namespace beacon::edge
