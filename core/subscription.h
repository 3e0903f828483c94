#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "core/subscription_hub.h"
#include "core/subscription_queue.h"
#include "storage/account_store.h"
#include "storage/event_log.h"

namespace beacon::core {

// One subscriber's feed. Without a resume point it is live from the start: it hands out the
// events its SubscriptionQueue receives from the hub. With `since` it first catches up from the
// event log (reading batches of published events with seq > since), and only when a read reaches
// the last published event does it go live; the hub then says which seq was last published (L),
// the feed replays the stored events up to L and continues with the queue, which holds exactly
// the events above L. So the hand-over has no gap and no duplicate, and a long replay never fills
// the queue. Transport-free: it says what to send next (SubscriptionQueue::Action), it never sends.
//
// Threading: Start() once, then Next() only by the holder of the queue's consumer token (see
// SubscriptionQueue); Close() from any thread. While catching up the consumer keeps the token,
// so producers never resume it until it is live. Next() may read the event log (RocksDB; one
// bounded batch, or several when the filter matches few stored events). Lifetime: `hub`,
// `accounts` and `log` must outlive it; destruction removes it from the hub.
class Subscription {
 public:
  struct Limits {
    size_t max_batch_events = 256;
    size_t max_batch_bytes = 64 << 10;
    size_t max_examined_per_read = 10000;  // stored events examined by one log read
  };

  Subscription(SubscriptionHub& hub, const storage::AccountStore& accounts,
               const storage::EventLog& log, std::shared_ptr<SubscriptionQueue> queue,
               std::optional<uint64_t> since, Limits limits);
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Registers with the hub; `consumer` is resumed whenever the queue hands it the token. Fails
  // (Unavailable, ResourceExhausted) when the hub refuses; nothing is registered then. An
  // account of the filter deleted since the subscription was checked (Tracker::NewSubscription)
  // ends the feed with NotFound "Account deleted: <id>", as AccountAdmin::Delete ends those
  // already registered.
  absl::Status Start(QueueConsumer* consumer);
  // Token holder only: what to do next. kFinish comes once, after which the feed is inert.
  SubscriptionQueue::Action Next();
  // Ends the feed with `status`; returns true when the caller now holds the consumer token and
  // must resume the consumer (see SubscriptionQueue::Close).
  bool Close(absl::Status status) { return queue_->Close(std::move(status)); }

 private:
  // One step of catching up: a batch to write, or nullopt once the feed is live (or closed).
  std::optional<SubscriptionQueue::Action> CatchUp();
  SubscriptionQueue::Action NextLive();

  SubscriptionHub& hub_;
  const storage::AccountStore& accounts_;
  const storage::EventLog& log_;
  const std::shared_ptr<SubscriptionQueue> queue_;
  const Limits limits_;
  // Catching-up state, used only by the token holder.
  bool catching_up_;
  uint64_t cursor_;                    // every stored event up to here has been handed out
  std::optional<uint64_t> live_from_;  // set when live: the queue holds the events above it
};

}  // namespace beacon::core
