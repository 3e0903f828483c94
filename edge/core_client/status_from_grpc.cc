#include "edge/core_client/status_from_grpc.h"

#include <string>

#include "beacon/v1/error_reason.h"

namespace beacon::edge {

absl::Status ToAbslStatus(const grpc::Status& status, const grpc::ClientContext& context) {
  if (status.ok()) return absl::OkStatus();
  absl::Status converted(static_cast<absl::StatusCode>(status.error_code()),
                         status.error_message());
  const auto& trailers = context.GetServerTrailingMetadata();
  if (const auto it = trailers.find(beacon::v1::kErrorReasonMetadataKey); it != trailers.end()) {
    beacon::v1::ErrorReason reason;
    if (beacon::v1::ErrorReason_Parse(std::string(it->second.data(), it->second.size()), &reason)) {
      converted = beacon::v1::WithErrorReason(std::move(converted), reason);
    }
  }
  return converted;
}

}  // namespace beacon::edge
