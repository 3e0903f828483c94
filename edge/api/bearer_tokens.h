#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace beacon::edge {

// Longest key the edge forwards; the core's keys and admin token are 64 hex characters.
inline constexpr size_t kMaxBearerTokenBytes = 512;

// The keys a request presents, in order: the `Authorization: Bearer <key>` header (scheme
// matched case-insensitively; an Authorization header with another scheme is not forwarded),
// then every `token=<key>` query parameter (browsers cannot set headers on a WebSocket). Each
// is sent to the core as one `authorization: Bearer <key>` metadata entry. Empty `token=`
// values are skipped. A key that is longer than kMaxBearerTokenBytes or holds anything but
// visible ASCII (gRPC metadata cannot carry it) is an Unauthenticated error whose message
// never contains the key; so is a malformed escape in the query (the caller's own query parser
// reports that first in practice). The number of keys is bounded by the request size limit.
absl::StatusOr<std::vector<std::string>> BearerTokensOf(absl::string_view authorization_header,
                                                        absl::string_view query);

}  // namespace beacon::edge
