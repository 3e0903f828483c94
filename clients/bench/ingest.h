#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/host_port.h"
#include "clients/bench/report.h"

namespace beacon::bench {

// One `beacon-bench ingest` run: keep `concurrency` Track requests in flight for `duration`.
struct IngestOptions {
  HostPort target;
  int concurrency = 64;
  absl::Duration duration = absl::Seconds(10);
  size_t payload_bytes = 100;
  std::string account = "celtra";
};

// gRPC Track on beacon-core, `concurrency` calls in flight on the callback API.
absl::StatusOr<Report> RunGrpcIngest(const IngestOptions& options);

// POST /tracking/{account} on beacon-edge, `concurrency` connections, a new connection per
// request, driven asynchronously by two I/O threads.
absl::StatusOr<Report> RunRestIngest(const IngestOptions& options);

}  // namespace beacon::bench
