#pragma once

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace beacon::core {

// absl::StatusCode values are gRPC's codes, so the mapping is one to one.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Adds the `beacon-error-reason` trailing metadata entry when `status` carries an ErrorReason
// (tracking.proto). Call before finishing the call with `status`.
void AddErrorReasonMetadata(grpc::ServerContextBase& context, const absl::Status& status);

}  // namespace beacon::core
