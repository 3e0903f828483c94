#pragma once

// Internal to the jetstream library: making the event stream match the options.

#include "absl/status/status.h"
#include "jetstream/internal/nats_connection.h"

namespace beacon::jetstream::internal {

// Creates the event stream when it does not exist; when it does, updates its subjects, limits,
// duplicate window and replicas where they differ from the options (file storage and limits
// retention cannot change: FAILED_PRECONDITION). Safe when several processes start at once: a
// stream created by another one in between is then checked like an existing one.
absl::Status EnsureEventStream(const NatsConnection& connection);

}  // namespace beacon::jetstream::internal
