#pragma once

#include <cstddef>

#include "absl/status/status.h"

namespace beacon::edge {

// Raises the soft RLIMIT_NOFILE (up to the hard limit) so that `max_connections` client sockets
// plus the edge's own descriptors fit. FailedPrecondition if even `max_connections` does not fit
// under the hard limit; the edge still runs then, but accept() fails before the limit is reached.
absl::Status RaiseOpenFileLimit(size_t max_connections);

}  // namespace beacon::edge
