#pragma once

#include <string>

#include "grpcpp/support/status.h"

namespace beacon::bench {

// "UNAVAILABLE", "DEADLINE_EXCEEDED", ...: the error kind a failed gRPC call is counted under.
std::string GrpcCodeName(grpc::StatusCode code);

}  // namespace beacon::bench
