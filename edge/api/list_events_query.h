#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "beacon/v1/tracking.pb.h"

namespace beacon::edge {

// Reads GET /events' query string (without the '?') into a ListEvents request. Every parameter
// is optional and, but for token, may appear at most once:
//   account     one account id (none: every account)
//   since       decimal uint64: events with seq > since
//   until       decimal uint64: and seq <= until (0: no upper bound)
//   limit       decimal, at most 4294967295 (the core's own rule narrows it: 1..1000, 0 = 100)
//   page_token  opaque, from a previous response's next_page_token
//   token       a key (may repeat); skipped here, BearerTokensOf reads it
// Anything else (an unknown or repeated parameter, an empty account, a number that is not plain
// decimal digits or does not fit, a malformed escape) is an InvalidArgument error naming the
// parameter, meant for the client. The core owns every other rule (account id syntax, ranges).
absl::StatusOr<beacon::v1::ListEventsRequest> ParseListEventsQuery(absl::string_view query);

}  // namespace beacon::edge
