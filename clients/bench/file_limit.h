#pragma once

#include <cstdint>

#include "absl/status/status.h"

namespace beacon::bench {

// Makes sure this process may hold `needed` open files: raises the soft RLIMIT_NOFILE up to
// the hard limit when necessary. Returns a ResourceExhaustedError that says how to raise the
// hard limit when even that is too low.
absl::Status EnsureOpenFileLimit(uint64_t needed);

}  // namespace beacon::bench
