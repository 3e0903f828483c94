#pragma once

// Internal to the jetstream library: the subjects events are published on.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jetstream/jetstream_options.h"

namespace beacon::jetstream::internal {

// "<subject_prefix>.<account as a subject token>"; InvalidArgument for an empty account.
absl::StatusOr<std::string> EventSubject(const JetStreamOptions& options,
                                         absl::string_view account);
// The account an event subject belongs to; DataLoss for a subject EventSubject cannot have made.
absl::StatusOr<std::string> AccountOfSubject(const JetStreamOptions& options,
                                             absl::string_view subject);

}  // namespace beacon::jetstream::internal
