#include "edge/api/core_status_mapping.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "beacon/v1/error_reason.h"

namespace beacon::edge {
namespace {

constexpr char kCoreUnavailable[] = "core unavailable";

std::string MessageOr(const absl::Status& status, absl::string_view fallback) {
  return status.message().empty() ? std::string(fallback) : std::string(status.message());
}

HttpError BadGateway(const absl::Status& status) {
  std::string message = absl::StrCat("core error: ", absl::StatusCodeToString(status.code()));
  if (!status.message().empty()) absl::StrAppend(&message, ": ", status.message());
  return {502, std::move(message)};
}

// A WebSocket close reason must fit a control frame (123 bytes) and stay valid UTF-8.
std::string FitCloseReason(std::string reason) {
  constexpr size_t kMaxReasonBytes = 123;
  if (reason.size() <= kMaxReasonBytes) return reason;
  size_t cut = kMaxReasonBytes;
  while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
  reason.resize(cut);
  return reason;
}

// The refusals every REST path and the upgrade share; nullopt for any other code.
std::optional<HttpError> HttpErrorForAccessRefusal(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
      return HttpError{401, MessageOr(status, "A key is required")};
    case absl::StatusCode::kPermissionDenied:
      return HttpError{403, MessageOr(status, "Permission denied")};
    default:
      return std::nullopt;
  }
}

}  // namespace

HttpError HttpErrorForRestCall(const absl::Status& status) {
  if (std::optional<HttpError> refusal = HttpErrorForAccessRefusal(status)) return *refusal;
  if (beacon::v1::ErrorReasonOf(status) == beacon::v1::DATA_TOO_LARGE) {
    return {413, MessageOr(status, "Event data too large")};
  }
  switch (status.code()) {
    case absl::StatusCode::kResourceExhausted:  // the core's --max_pending_events / _bytes
      return {429, MessageOr(status, "Too many events waiting to be stored"),
              /*retry_after_seconds=*/1};
    case absl::StatusCode::kFailedPrecondition:
      return {403, MessageOr(status, "Account is inactive")};
    case absl::StatusCode::kNotFound:
      return {404, MessageOr(status, "Account not found")};
    case absl::StatusCode::kInvalidArgument:
      return {400, MessageOr(status, "Invalid request")};
    case absl::StatusCode::kOutOfRange:
      return {400, MessageOr(status, "Out of range")};
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return {503, kCoreUnavailable};
    default:
      return BadGateway(status);
  }
}

HttpError HttpErrorForSubscribeRefusal(const absl::Status& status) {
  if (std::optional<HttpError> refusal = HttpErrorForAccessRefusal(status)) return *refusal;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return {404, MessageOr(status, "Account not found")};
    case absl::StatusCode::kInvalidArgument:
      return {400, MessageOr(status, "Invalid subscription")};
    case absl::StatusCode::kOutOfRange:  // `since` is above the newest seq
      return {400, MessageOr(status, "since is ahead of the newest event")};
    case absl::StatusCode::kResourceExhausted:  // the core's --max_subscriptions
      return {503, MessageOr(status, "Too many subscriptions")};
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return {503, kCoreUnavailable};
    default:
      return BadGateway(status);
  }
}

WebSocketClose WebSocketCloseForStreamEnd(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return {1001, "stream ended"};
    case absl::StatusCode::kUnavailable:
      return {1012, kCoreUnavailable};
    case absl::StatusCode::kResourceExhausted:
      return SlowConsumerClose();
    case absl::StatusCode::kNotFound:
      return {4404, FitCloseReason(MessageOr(status, "Account not found"))};
    default:
      return {1011, FitCloseReason(MessageOr(status, absl::StatusCodeToString(status.code())))};
  }
}

WebSocketClose SlowConsumerClose() { return {4008, "slow consumer"}; }

}  // namespace beacon::edge
