#pragma once

#include <sys/types.h>

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/host_port.h"
#include "clients/bench/report.h"

namespace beacon::bench {

// One `beacon-bench idle` run.
struct IdleOptions {
  HostPort edge;
  int connections = 1000;
  std::vector<pid_t> pids;  // Server processes whose memory is measured.
  std::string account = "celtra";
  absl::Duration settle = absl::Seconds(2);  // Wait after the last open before measuring.
  absl::Duration hold = absl::Seconds(2);    // Keep the connections open after measuring.
  int io_threads = 2;
};

// Opens `connections` idle WebSocket subscribers and reports, for each pid, the growth of its
// resident memory (VmRSS) divided by the number of connections that opened.
absl::StatusOr<Report> RunIdle(const IdleOptions& options);

}  // namespace beacon::bench
