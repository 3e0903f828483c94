#include "core/grpc/status_to_grpc.h"

#include <string>

#include "beacon/v1/error_reason.h"

namespace beacon::core {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

void AddErrorReasonMetadata(grpc::ServerContextBase& context, const absl::Status& status) {
  const beacon::v1::ErrorReason reason = beacon::v1::ErrorReasonOf(status);
  if (reason == beacon::v1::ERROR_REASON_UNSPECIFIED) return;
  context.AddTrailingMetadata(beacon::v1::kErrorReasonMetadataKey,
                              beacon::v1::ErrorReason_Name(reason));
}

}  // namespace beacon::core
