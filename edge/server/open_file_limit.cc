#include "edge/server/open_file_limit.h"

#include <sys/resource.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace beacon::edge {

absl::Status RaiseOpenFileLimit(size_t max_connections) {
  // Sockets to the core, the listener, stdio and gRPC's own descriptors.
  constexpr rlim_t kOwnDescriptors = 64;
  const rlim_t wanted = static_cast<rlim_t>(max_connections) + kOwnDescriptors;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return absl::OkStatus();
  if (limit.rlim_cur >= wanted) return absl::OkStatus();
  const rlim_t raised = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  if (raised > limit.rlim_cur) {
    limit.rlim_cur = raised;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  // A few descriptors short only moves the limit slightly; warn when it is clearly misconfigured.
  if (raised < static_cast<rlim_t>(max_connections)) {
    return absl::FailedPreconditionError(
        absl::StrCat("open file limit ", raised, " is below --max_connections=", max_connections,
                     "; connections beyond it will be refused by the OS"));
  }
  return absl::OkStatus();
}

}  // namespace beacon::edge
