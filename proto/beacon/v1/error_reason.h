#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "beacon/v1/tracking.pb.h"

namespace beacon::v1 {

// tracking.proto's ErrorReason travels as this trailing metadata entry on the wire, and inside
// Beacon (core logic, the edge's status mapping) as a payload of the absl::Status it explains.
inline constexpr char kErrorReasonMetadataKey[] = "beacon-error-reason";
inline constexpr char kErrorReasonPayloadUrl[] = "type.beacon/beacon.v1.ErrorReason";

inline absl::Status WithErrorReason(absl::Status status, ErrorReason reason) {
  status.SetPayload(kErrorReasonPayloadUrl, absl::Cord(ErrorReason_Name(reason)));
  return status;
}

// ERROR_REASON_UNSPECIFIED when `status` carries no (or an unknown) reason.
inline ErrorReason ErrorReasonOf(const absl::Status& status) {
  ErrorReason reason = ERROR_REASON_UNSPECIFIED;
  if (const auto payload = status.GetPayload(kErrorReasonPayloadUrl); payload.has_value()) {
    if (!ErrorReason_Parse(std::string(*payload), &reason)) reason = ERROR_REASON_UNSPECIFIED;
  }
  return reason;
}

}  // namespace beacon::v1
