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
#include "core/seq_allocator.h"
#include "core/subscription_queue.h"

namespace beacon::core {

// Something that consumes a SubscriptionQueue: told to act when it has been handed the queue's
// consumer token (see SubscriptionQueue). Implemented by the gRPC stream reactor.
class QueueConsumer {
 public:
  virtual ~QueueConsumer() = default;
  // Called without any hub or queue lock held; the callee holds the consumer token.
  virtual void Resume() = 0;
};

// Stamps events with the service-wide sequence number and fans them out to every open
// subscription whose filter matches, in seq order.
//
// Threading: all methods are thread-safe. Publish() serialises on one mutex, which is what makes
// seq order equal delivery order for every subscriber; the work under it is one queue push per
// matching subscriber. Consumers are resumed after the mutex is released. Lifetime: must outlive
// every registered subscription.
class SubscriptionHub {
 public:
  struct Registration {
    std::shared_ptr<SubscriptionQueue> queue;
    QueueConsumer* consumer;  // resumed when the queue hands it the token
  };

  // Assigns the next seq to `event`, then queues it for every matching subscription.
  // `seqs` numbers the published events; it must outlive the hub.
  SubscriptionHub(size_t max_subscriptions, SeqAllocator& seqs)
      : max_subscriptions_(max_subscriptions), seqs_(seqs) {}

  // Fails, publishing nothing, only when no sequence number can be had (see SeqAllocator).
  absl::StatusOr<EventPtr> Publish(beacon::v1::Event event);
  // Registers a subscription. Fails with Unavailable once CloseAll() has run, and with
  // ResourceExhausted when `max_subscriptions` are open.
  absl::Status Add(Registration registration);
  void Remove(const SubscriptionQueue* queue);
  // Closes every subscription with `status` and refuses new ones (used at shutdown); returns how
  // many were open.
  size_t CloseAll(const absl::Status& status);
  size_t size() const;

 private:
  using Entries = absl::flat_hash_map<const SubscriptionQueue*, Registration>;

  const size_t max_subscriptions_;
  mutable absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  SeqAllocator& seqs_ ABSL_GUARDED_BY(mu_);
  // Subscriptions to all accounts, and subscriptions per account they filter on.
  Entries all_accounts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Entries> by_account_ ABSL_GUARDED_BY(mu_);
  size_t size_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace beacon::core
