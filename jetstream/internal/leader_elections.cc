#include "jetstream/internal/leader_elections.h"

#include "absl/strings/str_cat.h"
#include "jetstream/internal/nats_status.h"

namespace beacon::jetstream::internal {

absl::StatusOr<std::unique_ptr<LeaderElections>> LeaderElections::Listen(
    const NatsConnection& connection, const std::string& stream) {
  const std::string subject = absl::StrCat("$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.", stream);
  natsSubscription* raw = nullptr;
  if (natsStatus s = natsConnection_SubscribeSync(&raw, connection.connection(), subject.c_str());
      s != NATS_OK) {
    return NatsError("subscribing to leader advisories", s);
  }
  SubscriptionPtr subscription(raw);
  natsSubscription_SetPendingLimits(raw, 4, 64 << 10);
  return std::unique_ptr<LeaderElections>(new LeaderElections(std::move(subscription)));
}

uint64_t LeaderElections::count() const {
  int queued = 0;
  int64_t taken = 0;
  int64_t dropped = 0;
  if (natsSubscription_GetStats(subscription_.get(), &queued, nullptr, nullptr, nullptr, &taken,
                                &dropped) != NATS_OK) {
    return 0;
  }
  return static_cast<uint64_t>(queued) + static_cast<uint64_t>(taken) +
         static_cast<uint64_t>(dropped);
}

}  // namespace beacon::jetstream::internal
