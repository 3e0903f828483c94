#pragma once

#include <string>

#include "absl/status/status.h"

namespace beacon::edge {

// How a status from the core is shown to HTTP and WebSocket clients.

struct HttpError {
  int http_status;
  std::string message;  // goes into {"error": message}
  // Non-zero: sent as a Retry-After header (seconds), e.g. with 429.
  int retry_after_seconds = 0;
};

struct WebSocketClose {
  uint16_t code;
  std::string reason;  // at most 123 bytes, cut on a UTF-8 character boundary
};

// A failed unary call behind a REST request (Track for POST /tracking, ListEvents for
// GET /events), with the core's message: INVALID_ARGUMENT with ErrorReason DATA_TOO_LARGE 413,
// UNAUTHENTICATED 401, PERMISSION_DENIED 403,
// FAILED_PRECONDITION 403 ("Account is inactive"), NOT_FOUND 404, INVALID_ARGUMENT and
// OUT_OF_RANGE 400, RESOURCE_EXHAUSTED 429 with Retry-After: 1 (too many events waiting to be
// stored), UNAVAILABLE/DEADLINE_EXCEEDED 503 "core unavailable", anything else 502.
HttpError HttpErrorForRestCall(const absl::Status& status);

// A Subscribe the core refused before accepting it (the WebSocket upgrade is refused), with the
// core's message: UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, INVALID_ARGUMENT and
// OUT_OF_RANGE (`since` above the newest seq) 400, RESOURCE_EXHAUSTED 503 (--max_subscriptions),
// UNAVAILABLE/DEADLINE_EXCEEDED 503, anything else 502.
HttpError HttpErrorForSubscribeRefusal(const absl::Status& status);

// A Subscribe stream that ended while its WebSocket was open: OK 1001 "stream ended",
// UNAVAILABLE 1012 "core unavailable", RESOURCE_EXHAUSTED 4008 "slow consumer",
// NOT_FOUND 4404 with the core's message, anything else 1011 with the status message.
WebSocketClose WebSocketCloseForStreamEnd(const absl::Status& status);

// The close the edge itself starts when a subscriber cannot keep up.
WebSocketClose SlowConsumerClose();

}  // namespace beacon::edge
