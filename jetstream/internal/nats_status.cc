#include "jetstream/internal/nats_status.h"

#include "absl/strings/str_cat.h"

namespace beacon::jetstream::internal {
namespace {

absl::StatusCode CodeForJetStreamError(jsErrCode js_error) {
  switch (js_error) {
    case JSStreamNotFoundErr:
    case JSConsumerNotFoundErr:
    case JSNoMessageFoundErr:
      return absl::StatusCode::kNotFound;
    case JSStreamWrongLastSequenceErr:
      return absl::StatusCode::kAborted;
    case JSStreamNameExistErr:
      return absl::StatusCode::kAlreadyExists;
    case JSClusterNotAvailErr:
    case JSClusterNotLeaderErr:
    case JSClusterNoPeersErr:
    case JSClusterIncompleteErr:
    case JSRaftGeneralErr:
    case JSStreamStoreFailedErr:
      return absl::StatusCode::kUnavailable;
    case JSStreamMessageExceedsMaximumErr:
    case JSStreamInvalidConfig:
    case JSBadRequestErr:
      return absl::StatusCode::kInvalidArgument;
    case JSInsufficientResourcesErr:
    case JSAccountResourcesExceededErr:
    case JSStorageResourcesExceededErr:
    case JSMemoryResourcesExceededErr:
    case JSMaximumConsumersLimitErr:
    case JSMaximumStreamsLimitErr:
      return absl::StatusCode::kResourceExhausted;
    case JSNotEnabledErr:
    case JSNotEnabledForAccountErr:
      return absl::StatusCode::kFailedPrecondition;
    default:
      return absl::StatusCode::kUnknown;
  }
}

absl::StatusCode CodeForNatsStatus(natsStatus status) {
  switch (status) {
    case NATS_TIMEOUT:
    case NATS_NO_RESPONDERS:
    case NATS_CONNECTION_CLOSED:
    case NATS_CONNECTION_DISCONNECTED:
    case NATS_NO_SERVER:
    case NATS_IO_ERROR:
    case NATS_STALE_CONNECTION:
    case NATS_NOT_YET_CONNECTED:
    case NATS_DRAINING:
    case NATS_MISSED_HEARTBEAT:
      return absl::StatusCode::kUnavailable;
    case NATS_NOT_FOUND:
      return absl::StatusCode::kNotFound;
    case NATS_INVALID_ARG:
    case NATS_INVALID_SUBJECT:
    case NATS_INVALID_TIMEOUT:
    case NATS_MAX_PAYLOAD:
    case NATS_ADDRESS_MISSING:
      return absl::StatusCode::kInvalidArgument;
    case NATS_CONNECTION_AUTH_FAILED:
    case NATS_NOT_PERMITTED:
      return absl::StatusCode::kPermissionDenied;
    case NATS_SECURE_CONNECTION_WANTED:
    case NATS_SECURE_CONNECTION_REQUIRED:
    case NATS_SSL_ERROR:
    case NATS_NO_SERVER_SUPPORT:
      return absl::StatusCode::kFailedPrecondition;
    case NATS_INSUFFICIENT_BUFFER:
    case NATS_NO_MEMORY:
    case NATS_SLOW_CONSUMER:
      return absl::StatusCode::kResourceExhausted;
    default:
      return absl::StatusCode::kUnknown;
  }
}

}  // namespace

absl::string_view LastNatsErrorText() {
  const char* text = nats_GetLastError(nullptr);
  return text == nullptr ? absl::string_view() : absl::string_view(text);
}

absl::Status NatsError(absl::string_view what, natsStatus status, jsErrCode js_error) {
  if (status == NATS_OK) return absl::OkStatus();
  absl::StatusCode code =
      js_error != 0 ? CodeForJetStreamError(js_error) : CodeForNatsStatus(status);
  if (code == absl::StatusCode::kUnknown) code = CodeForNatsStatus(status);
  std::string message = absl::StrCat(what, ": ", natsStatus_GetText(status));
  const absl::string_view detail = LastNatsErrorText();
  if (!detail.empty() && detail != natsStatus_GetText(status)) {
    absl::StrAppend(&message, " (", detail, ")");
  }
  if (js_error != 0) absl::StrAppend(&message, " [JetStream error ", js_error, "]");
  return absl::Status(code, message);
}

}  // namespace beacon::jetstream::internal
