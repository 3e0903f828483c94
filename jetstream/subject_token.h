#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::jetstream {

// Account ids and key-value keys become one token of a NATS subject ("beacon.events.<token>",
// "$KV.<bucket>.<token>"). A token may not hold '.', '*', '>' or whitespace, and Beacon's account
// ids may contain '.', so every byte outside [A-Za-z0-9_-] is written as '=' followed by two
// upper-case hex digits: "acme.prod" -> "acme=2Eprod". The result is also a valid key-value key.
// The encoding is reversible and keeps ids made of [A-Za-z0-9_-] unchanged.

// InvalidArgument for an empty `text`.
absl::StatusOr<std::string> EncodeSubjectToken(absl::string_view text);
// DataLoss for a token that EncodeSubjectToken cannot have produced.
absl::StatusOr<std::string> DecodeSubjectToken(absl::string_view token);

}  // namespace beacon::jetstream
