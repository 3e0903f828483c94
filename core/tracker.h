#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "beacon/v1/tracking_limits.h"
#include "core/event_committer.h"
#include "core/subscription.h"
#include "core/subscription_hub.h"
#include "storage/account_store.h"
#include "storage/event_log.h"

namespace beacon::core {

struct TrackerLimits {
  size_t max_data_bytes = beacon::v1::kDefaultMaxDataBytes;
  QueueLimits queue;
  size_t replay_max_examined = 10000;  // stored events one replay read examines
};

// The service's rules: which events are accepted and who may subscribe to what. Transport-free:
// the gRPC service translates to and from it.
//
// Threading: all methods are thread-safe. Lifetime: everything passed to the constructor must
// outlive it.
class Tracker {
 public:
  Tracker(const storage::AccountStore& accounts, const storage::EventLog& log, SubscriptionHub& hub,
          EventCommitter& committer, TrackerLimits limits);

  // Validates the event, checks the account is known and active, stamps the timestamp and hands
  // it to the committer, which stores it, numbers it and publishes it. `done` runs once, inline
  // for a refused event. Errors: InvalidArgument, NotFound "Account not found",
  // FailedPrecondition "Account is inactive", ResourceExhausted (too many events waiting to be
  // stored), or the storage error.
  void Track(std::string account_id, std::string data, EventCommitter::Done done) const;

  // Validates a subscription filter (empty = all accounts; every id must be well-formed and
  // exist; duplicates collapse) and a resume point, and returns a feed not yet started. Errors:
  // InvalidArgument, NotFound, OutOfRange (`since` above the newest stored seq).
  absl::StatusOr<std::unique_ptr<Subscription>> NewSubscription(
      std::vector<std::string> account_ids, std::optional<uint64_t> since) const;

 private:
  const storage::AccountStore& accounts_;
  const storage::EventLog& log_;
  SubscriptionHub& hub_;
  EventCommitter& committer_;
  const TrackerLimits limits_;
};

}  // namespace beacon::core
