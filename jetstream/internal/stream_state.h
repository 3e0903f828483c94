#pragma once

// Internal to the jetstream library: what the stream's leader says about the stream.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/stream_query.h"

namespace beacon::jetstream::internal {

// One stream info request, answered by the stream's leader; UNAVAILABLE when none answers
// within `timeout`.
absl::StatusOr<StreamState> LoadStreamState(const NatsConnection& connection,
                                            const std::string& stream, absl::Duration timeout);

}  // namespace beacon::jetstream::internal
