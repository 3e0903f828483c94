#pragma once

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace beacon::edge {

// gRPC and Abseil share status code numbering; this keeps the code and the message, and the
// core's ErrorReason (tracking.proto) from the call's trailing metadata as a status payload.
// `context`: the finished call's.
absl::Status ToAbslStatus(const grpc::Status& status, const grpc::ClientContext& context);

}  // namespace beacon::edge
