#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace beacon::core {

// absl::StatusCode values are gRPC's codes, so the mapping is one to one.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace beacon::core
