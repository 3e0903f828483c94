#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/bench/host_port.h"
#include "clients/bench/report.h"

namespace beacon::bench {

// How the fanout producers publish.
enum class FanoutVia {
  kRest,  // POST /tracking/{account} on beacon-edge, as real producers do.
  kGrpc,  // Track on beacon-core directly.
};

// "rest" or "grpc".
const char* FanoutViaName(FanoutVia via);

// One `beacon-bench fanout` run.
struct FanoutOptions {
  FanoutVia via = FanoutVia::kRest;
  HostPort edge;
  HostPort core;  // Used only with via = kGrpc.
  int subscribers = 1;
  std::optional<double> rate;  // Total events/s; nullopt = as fast as max_in_flight allows.
  absl::Duration duration = absl::Seconds(10);
  size_t payload_bytes = 100;
  int accounts = 1;  // Only 1 for now: a fresh core has a single active account.
  std::string account = "celtra";
  absl::Duration drain = absl::Seconds(5);
  int max_in_flight = 64;  // Publishes outstanding at once; with kRest, also connections.
  // With rate = max: most deliveries (events x subscribers) owed but not yet received (at least
  // one event's worth), so the run measures the rate delivery sustains rather than how fast a
  // backlog grows.
  int max_undelivered = 20000;
  int io_threads = 2;
};

// Connects the subscribers to beacon-edge, publishes events (`via`) while they listen,
// waits for the deliveries (up to `drain` after the last send) and reports rates, end-to-end
// latency and every lost, duplicated or out-of-order delivery. The report's "violations"
// field is the number of those; the run itself succeeded when it is 0.
absl::StatusOr<Report> RunFanout(const FanoutOptions& options);

}  // namespace beacon::bench
