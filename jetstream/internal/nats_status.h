#pragma once

// Internal to the jetstream library: cnats results as absl::Status.

#include <nats/nats.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace beacon::jetstream::internal {

// OK for NATS_OK. Otherwise a status whose code says what the caller can do:
//   UNAVAILABLE        timeouts, no responders, no stream leader, connection lost or closed
//   NOT_FOUND          no such stream, consumer or message
//   ABORTED            an expected last sequence did not match (compare-and-swap lost)
//   ALREADY_EXISTS     a stream of that name exists with another configuration
//   INVALID_ARGUMENT   bad subject or argument, message larger than allowed
//   RESOURCE_EXHAUSTED server or account limits reached
//   PERMISSION_DENIED  authentication or authorization refused
//   FAILED_PRECONDITION JetStream not enabled, TLS required or refused
//   UNKNOWN            anything else
// The message is "<what>: <cnats' text>", with the server's description when there is one.
absl::Status NatsError(absl::string_view what, natsStatus status,
                       jsErrCode js_error = static_cast<jsErrCode>(0));

// The text cnats recorded for the last failure on this thread (empty when none).
absl::string_view LastNatsErrorText();

}  // namespace beacon::jetstream::internal
