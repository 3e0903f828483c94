#pragma once

#include <chrono>
#include <cstdint>

namespace beacon::bench {

// Monotonic clock in nanoseconds. Send and receive stamps are taken in the same process, so
// end-to-end latency is a difference of two readings of this clock.
inline int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace beacon::bench
