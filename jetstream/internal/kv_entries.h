#pragma once

// Internal to the jetstream library: how a JetStream key-value bucket is laid out (the layout
// cnats and the nats CLI use): stream "KV_<bucket>", one subject "$KV.<bucket>.<key>" per key,
// revision = stream sequence, deletions are messages with header "KV-Operation: DEL" (or PURGE).
// Keys are encoded as one subject token (subject_token.h).

#include <nats/nats.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::jetstream::internal {

enum class KvOperation { kPut, kDelete, kPurge };

inline constexpr char kKvOperationHeader[] = "KV-Operation";
inline constexpr char kKvDelete[] = "DEL";
inline constexpr char kKvPurge[] = "PURGE";

std::string KvStreamName(absl::string_view bucket);
// "$KV.<bucket>.>"
std::string KvAllKeys(absl::string_view bucket);
// "$KV.<bucket>.<encoded key>"; InvalidArgument for an empty key.
absl::StatusOr<std::string> KvSubject(absl::string_view bucket, absl::string_view key);
// The key of a subject of `bucket`; DataLoss for any other subject.
absl::StatusOr<std::string> KvKeyOfSubject(absl::string_view bucket, absl::string_view subject);
KvOperation KvOperationOf(natsMsg* msg);

}  // namespace beacon::jetstream::internal
