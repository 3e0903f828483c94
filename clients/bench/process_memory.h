#pragma once

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"

namespace beacon::bench {

// VmRSS of process `pid` in KiB, read from /proc/PID/status.
absl::StatusOr<int64_t> ResidentKiB(pid_t pid);

}  // namespace beacon::bench
