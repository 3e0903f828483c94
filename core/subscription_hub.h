#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/event.h"
#include "core/subscription_queue.h"

namespace beacon::core {

class FanoutExecutor;

// Something that consumes a SubscriptionQueue: told to act when it has been handed the queue's
// consumer token (see SubscriptionQueue). Implemented by the gRPC stream reactor.
class QueueConsumer {
 public:
  virtual ~QueueConsumer() = default;
  // Called without any hub or queue lock held; the callee holds the consumer token.
  virtual void Resume() = 0;
};

// Fans stored events out to every live subscription whose filter matches, in seq order, and
// counts the open subscriptions. A subscription is admitted first (counted, closed at shutdown)
// and receives events once it is live; one that resumes from the log goes live only when it has
// replayed up to the newest stored event (see Subscription).
//
// Threading: all methods are thread-safe. Publish() serialises on one mutex, so "live since
// seq N" is exact: a subscription that goes live when the last published seq is N receives
// every event above N and none below. The work under the mutex is one queue push per matching
// subscriber; the consumers it woke are resumed after it is released, by the FanoutExecutor
// when there is one (else inline). Lifetime: must outlive every registered subscription; the
// executor must outlive the hub.
class SubscriptionHub {
 public:
  struct Registration {
    std::shared_ptr<SubscriptionQueue> queue;
    QueueConsumer* consumer;  // resumed when the queue hands it the token
  };

  // `last_published`: the newest seq already stored before the hub starts.
  SubscriptionHub(size_t max_subscriptions, uint64_t last_published,
                  FanoutExecutor* fanout = nullptr)
      : max_subscriptions_(max_subscriptions), fanout_(fanout), last_published_(last_published) {}

  // Queues stored `events` (ascending seq, above every seq published before) for every matching
  // live subscription.
  void Publish(const std::vector<EventPtr>& events);
  // Admits a subscription, live at once when `live`. Returns the last published seq at that
  // moment. Fails with Unavailable once CloseAll() has run, and with ResourceExhausted when
  // `max_subscriptions` are open.
  absl::StatusOr<uint64_t> Add(Registration registration, bool live);
  // Makes an admitted subscription live; returns the last published seq at that moment.
  // Fails with Unavailable once CloseAll() has run.
  absl::StatusOr<uint64_t> GoLive(const SubscriptionQueue* queue);
  // Forgets a subscription; does nothing when it is not (or no longer) admitted.
  void Remove(const SubscriptionQueue* queue);
  // Closes every subscription that filters on `account_id` with `status` (the account was
  // deleted); returns how many.
  size_t CloseAccount(const std::string& account_id, const absl::Status& status);
  // Closes every subscription with `status` and refuses new ones (used at shutdown); returns how
  // many were open.
  size_t CloseAll(const absl::Status& status);
  size_t size() const;
  uint64_t last_published() const;

 private:
  using Entries = absl::flat_hash_map<const SubscriptionQueue*, Registration>;

  static size_t CloseEach(const Entries& entries, const absl::Status& status);

  const size_t max_subscriptions_;
  FanoutExecutor* const fanout_;
  mutable absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t last_published_ ABSL_GUARDED_BY(mu_);
  // Every admitted subscription.
  Entries admitted_ ABSL_GUARDED_BY(mu_);
  // Live subscriptions to all accounts, and per account they filter on.
  Entries all_accounts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Entries> by_account_ ABSL_GUARDED_BY(mu_);
};

}  // namespace beacon::core
