#ifndef BEACON_EDGE_GRPC_STATUS_H_
#define BEACON_EDGE_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace beacon::edge {

// gRPC and Abseil share status code numbering; this keeps the code and the message.
absl::Status ToAbslStatus(const grpc::Status& status);

}  // namespace beacon::edge

#endif  // BEACON_EDGE_GRPC_STATUS_H_
