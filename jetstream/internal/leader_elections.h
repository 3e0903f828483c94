#pragma once

// Internal to the jetstream library: counting the stream's leader elections.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"

namespace beacon::jetstream::internal {

// Listens to the cluster's advisories announcing that the stream elected a leader
// ($JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.<stream>) and counts them. The subscription has no
// callback and keeps at most a few advisories queued: the count is read from its statistics
// (queued + taken + dropped), so no thread and no callback lifetime are involved.
//
// Threading: count() may be called from any thread. Lifetime: `connection` must outlive it.
class LeaderElections {
 public:
  static absl::StatusOr<std::unique_ptr<LeaderElections>> Listen(const NatsConnection& connection,
                                                                 const std::string& stream);
  uint64_t count() const;

 private:
  explicit LeaderElections(SubscriptionPtr subscription) : subscription_(std::move(subscription)) {}

  const SubscriptionPtr subscription_;
};

}  // namespace beacon::jetstream::internal
