#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "core/event.h"

namespace beacon::core {

struct QueueLimits {
  size_t max_events = 8192;           // queued events before the subscription is ended
  size_t max_bytes = 16 << 20;        // queued data bytes before the subscription is ended
  size_t max_batch_events = 256;      // events handed to the consumer in one batch
  size_t max_batch_bytes = 64 << 10;  // data bytes in one batch (at least one event)
};

// The per-subscription queue between producers (Track, via SubscriptionHub) and the one consumer
// that writes batches to the subscriber (a gRPC stream reactor). It knows nothing of sockets or
// gRPC: it only says what to do next.
//
// Consumer token: at any moment at most one party "holds the consumer", i.e. is allowed to act
// for the consumer (write a batch or finish). The consumer holds it from construction and gives
// it up when Next() finds nothing to do (Action::kIdle). A producer whose Push() or Close() finds
// the consumer idle takes the token over (return value kWakeConsumer / true) and must then call
// the consumer's resume hook, which calls Next(). Because the consumer is never idle once Next()
// has returned kFinish, nobody is woken after the stream has finished, so a finished consumer may
// be destroyed safely while producers still hold the queue.
//
// Backpressure: when a push would exceed QueueLimits::max_events or max_bytes, the queue drops
// what it holds and closes with RESOURCE_EXHAUSTED; the consumer then finishes its stream with
// that status.
//
// Threading: all methods are thread-safe. Lifetime: shared (std::shared_ptr) by the hub and the
// consumer.
class SubscriptionQueue {
 public:
  enum class PushResult {
    kQueued,        // the consumer is busy and will see the event
    kWakeConsumer,  // the consumer was idle: the caller now holds the token and must resume it
    kDropped,       // the queue is closed (finished, overflowed or shut down)
  };
  enum class ActionKind { kWrite, kIdle, kFinish };
  struct Action {
    ActionKind kind;
    std::vector<EventPtr> batch;  // kWrite: events in seq order
    // kWrite: non-zero when events before this seq were deleted by retention before they could
    // be replayed (the batch may then be empty); see Subscription.
    uint64_t truncated_before = 0;
    absl::Status status;  // kFinish: the status to end the stream with
  };

  // `account_ids`: the subscriber's filter (empty = all accounts).
  SubscriptionQueue(std::vector<std::string> account_ids, QueueLimits limits);

  const std::vector<std::string>& account_ids() const { return account_ids_; }

  // Producer side. Events must be pushed in seq order.
  PushResult Push(EventPtr event);
  // Ends the subscription with `status` (dropping what is queued). Returns true when the caller
  // now holds the consumer token and must resume the consumer; false when the consumer is busy
  // (it will see the close) or the queue was already closed.
  bool Close(absl::Status status);

  // Whether Close() has run or the queue overflowed.
  bool closed() const;

  // Consumer side: to be called only by the token holder.
  Action Next();

 private:
  enum class ConsumerState { kActive, kIdle, kFinished };

  const std::vector<std::string> account_ids_;
  const QueueLimits limits_;

  mutable absl::Mutex mu_;
  std::deque<EventPtr> events_ ABSL_GUARDED_BY(mu_);
  size_t queued_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<absl::Status> close_status_ ABSL_GUARDED_BY(mu_);
  ConsumerState consumer_ ABSL_GUARDED_BY(mu_) = ConsumerState::kActive;
};

}  // namespace beacon::core
