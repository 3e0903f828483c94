#pragma once

// Internal to the jetstream library: asynchronous publishing with retries (see
// JetStreamClient::Publish for the contract).

#include <nats/nats.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"

namespace beacon::jetstream::internal {

struct PublishCounters {
  std::atomic<uint64_t> acknowledged{0};
  std::atomic<uint64_t> duplicates{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> attempt_errors{0};
  std::atomic<uint64_t> retries{0};
};

// Sends each message with cnats' asynchronous JetStream publish (its own JetStream context, whose
// acknowledgement handler is HandleAck) and retries it, same natsMsg and so same Nats-Msg-Id,
// until it is acknowledged, its deadline passes or the duplicate window would no longer cover a
// retry.
//
// Threads: Publish() may be called from any thread and never calls into cnats; a private sender
// thread makes every js_PublishMsgAsync call (first attempts and retries), so that nothing ever
// publishes from cnats' acknowledgement thread (which would deadlock against a full async
// window); acknowledgements arrive on cnats' thread for the context. Completions run on either of
// those threads, or inline in Publish() for refusals; they must not block.
//
// Writes: `connection` should buffer its writes (NatsConnection::Writes::kBuffered); the sender
// flushes after each batch, so a lone publish goes out at once and a burst in few packets. At
// most max_publishes_in_flight are sent and unacknowledged; the rest wait in the queue.
//
// Lifetime: `connection` must outlive the publisher. Stop() (also run by the destructor) ends it;
// once it returns cnats calls the handler no more: it waits out the grace period, takes back
// every message still unacknowledged (js_PublishAsyncGetPendingList, after which cnats drops
// their acknowledgements), then waits for a handler still running, before destroying the
// context.
class EventPublisher {
 public:
  using Done = std::function<void(absl::StatusOr<uint64_t>)>;
  using LatencyObserver = std::function<void(absl::Duration)>;

  static absl::StatusOr<std::unique_ptr<EventPublisher>> Create(const NatsConnection& connection,
                                                                LatencyObserver on_acknowledged);
  ~EventPublisher();
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  // `subject` is the event's full subject (or why there is none: the publish is refused).
  void Publish(absl::StatusOr<std::string> subject, absl::string_view payload,
               absl::string_view msg_id, absl::Time deadline, Done done);
  // Refuses new publishes (UNAVAILABLE), completes those waiting to be sent or retried with
  // UNAVAILABLE, gives those in flight up to the options' shutdown_grace to be acknowledged and
  // completes the rest with UNAVAILABLE. Idempotent.
  void Stop();

  const PublishCounters& counters() const { return counters_; }
  size_t pending() const;

 private:
  struct Pending {
    MsgPtr msg;  // empty while cnats owns it (in flight)
    std::string msg_id;
    absl::Time accepted;
    absl::Time deadline;     // from the caller
    absl::Time retry_until;  // the last moment a retry is still covered by the duplicate window
    bool sent = false;
    int failed_attempts = 0;
    absl::Status last_error;
    Done done;
  };
  using PendingPtr = std::unique_ptr<Pending>;

  EventPublisher(const NatsConnection& connection, jsCtx* js, LatencyObserver on_acknowledged)
      : connection_(connection),
        max_in_flight_(static_cast<size_t>(connection.options().max_publishes_in_flight)),
        js_(js),
        on_acknowledged_(std::move(on_acknowledged)) {}

  // Completes a publish that is not accepted.
  void Refuse(const Done& done, absl::Status why);
  static void OnAck(jsCtx* js, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure);
  void HandleAck(natsMsg* msg, jsPubAck* ack, jsPubAckErr* error);
  void RunSender();
  // Sends one attempt of each; those past their deadline are completed instead.
  void SendBatch(std::vector<PendingPtr>& batch);
  // Queues another attempt, or completes with UNAVAILABLE when none fits before the deadline.
  void RetryOrFail(PendingPtr pending, absl::Status error, bool timed_out);
  void Complete(PendingPtr pending, absl::StatusOr<uint64_t> result);
  void FailInFlightAfterGrace();

  const NatsConnection& connection_;
  const size_t max_in_flight_;
  jsCtx* js_;  // this publisher's context (acknowledgement handler = OnAck)
  const LatencyObserver on_acknowledged_;
  PublishCounters counters_;

  mutable absl::Mutex mu_;
  absl::CondVar queue_changed_;
  // Waiting for their first attempt, in the order they were published.
  std::deque<PendingPtr> fresh_ ABSL_GUARDED_BY(mu_);
  // Waiting for another attempt, by the time it is due.
  std::multimap<absl::Time, PendingPtr> retries_ ABSL_GUARDED_BY(mu_);
  // Sent, owned by cnats until it calls OnAck; keyed by the message cnats hands back.
  absl::flat_hash_map<natsMsg*, PendingPtr> in_flight_ ABSL_GUARDED_BY(mu_);
  size_t pending_ ABSL_GUARDED_BY(mu_) = 0;  // accepted, not completed
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  std::thread sender_;
};

}  // namespace beacon::jetstream::internal
