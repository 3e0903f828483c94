#pragma once

#include <cstdint>

namespace beacon::jetstream {

// Counters of one JetStreamClient since it connected, for metrics.
struct JetStreamMetrics {
  // Publishes whose completion carried a stream sequence.
  uint64_t publishes_acknowledged = 0;
  // Of those, acknowledged as duplicates: an earlier attempt (or an earlier Publish with the same
  // msg id) had been stored, and the sequence is that message's.
  uint64_t publish_duplicates = 0;
  // Publishes completed with an error (UNAVAILABLE after their deadline, INVALID_ARGUMENT, ...).
  uint64_t publishes_failed = 0;
  // Attempts that failed or were not acknowledged in time (each may be retried).
  uint64_t publish_attempt_errors = 0;
  // Attempts sent again with the same msg id.
  uint64_t publish_retries = 0;
  // Publishes accepted and not yet completed.
  uint64_t publishes_pending = 0;
  // Times a connection (of the two) was re-established after a loss.
  uint64_t reconnects = 0;
  // Leader elections of the event stream announced by the cluster since the client connected.
  uint64_t stream_leader_elections = 0;
};

}  // namespace beacon::jetstream
