#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event.h"
#include "core/subscription_hub.h"
#include "storage/account_store.h"

namespace beacon::core {

struct TrackerLimits {
  size_t max_data_bytes = 64 << 10;
  QueueLimits queue;
};

// The service's rules: which events are accepted and who may subscribe to what. Transport-free:
// the gRPC service translates to and from it.
//
// Threading: all methods are thread-safe. Lifetime: `accounts` and `hub` must outlive it.
class Tracker {
 public:
  Tracker(const storage::AccountStore& accounts, SubscriptionHub& hub, TrackerLimits limits);

  // Validates the event, checks the account is known and active, stamps timestamp and seq and
  // hands it to every matching subscriber. Errors: InvalidArgument, NotFound "Account not found",
  // FailedPrecondition "Account is inactive", or the storage error.
  absl::StatusOr<EventPtr> Track(std::string account_id, std::string data) const;

  // Validates a subscription filter (empty = all accounts; every id must be well-formed and
  // exist) and returns a queue for it, not yet registered with the hub. Duplicate ids collapse.
  absl::StatusOr<std::shared_ptr<SubscriptionQueue>> NewSubscription(
      std::vector<std::string> account_ids) const;

 private:
  const storage::AccountStore& accounts_;
  SubscriptionHub& hub_;
  const TrackerLimits limits_;
};

}  // namespace beacon::core
