#pragma once

// Internal to the jetstream library: following a stream live, each message once, in order.

#include <nats/nats.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "jetstream/internal/nats_connection.h"
#include "jetstream/internal/nats_handles.h"

namespace beacon::jetstream::internal {

struct PushFeedConfig {
  std::string stream;
  std::string filter_subject;
  // Deliver messages with a higher sequence.
  uint64_t after_seq = 0;
  // With after_seq == 0: start with the newest message of each subject (key-value watches)
  // instead of the whole stream.
  bool start_with_last_per_subject = false;
  // Report sequences skipped by the stream (removed by limits before they were delivered).
  // To be off with start_with_last_per_subject or a filter narrower than the stream, where
  // skipped sequences are normal.
  bool report_gaps = true;
  // Server heartbeat while idle; a consumer missing them is recreated.
  absl::Duration heartbeat = absl::Seconds(1);
  // With nothing received for this long, the consumer is checked (one consumer info request)
  // and recreated when it is gone, stalled or has lost messages on the way.
  absl::Duration idle_check = absl::Seconds(1);
  absl::Duration stall_timeout = absl::Seconds(3);
};

// One push consumer, recreated by the feed itself whenever it fails, delivering each message of
// the stream (matching the filter) with a sequence above `after_seq` exactly once, in sequence
// order:
//  - the feed remembers the last sequence it delivered; every (re)created consumer starts right
//    after it, and a message at or below it is dropped;
//  - within one consumer, the consumer sequence must grow by one per message; a jump means
//    messages were lost between server and client (e.g. across a reconnect), and the consumer is
//    recreated after the last delivered message instead of skipping them;
//  - a consumer that vanished (its server died, the leader moved, the client was away too long),
//    stalled, or missed heartbeats is recreated the same way, with back-off while the cluster
//    cannot create one; so is one that, idle, has seen less of the stream than its leader holds
//    (nats-server 2.9 may place it on a lagging copy of the stream).
// The filter must cover the whole stream (the last check compares with the stream's end).
// Stream sequences skipped by a consumer that delivered contiguously do not exist any more
// (removed by limits): they are reported to `on_gap` when report_gaps is set.
//
// Threads: one private thread receives and runs the callbacks, one at a time, in order; they
// must not block for long (the server's flow control holds further messages meanwhile) and must
// not call Stop(). last_delivered() and last_known() may be called from any thread. Lifetime:
// `connection` must outlive the feed; Stop() (also run by the destructor) joins the thread.
class PushFeed {
 public:
  // `msg` is owned by the feed and valid during the call.
  using OnMessage = std::function<void(uint64_t seq, natsMsg* msg)>;
  using OnGap = std::function<void(uint64_t first_missing, uint64_t last_missing)>;

  PushFeed(const NatsConnection& connection, PushFeedConfig config, OnMessage on_message,
           OnGap on_gap);
  ~PushFeed();
  PushFeed(const PushFeed&) = delete;
  PushFeed& operator=(const PushFeed&) = delete;

  void Start();
  void Stop();

  uint64_t last_delivered() const { return last_delivered_.load(std::memory_order_acquire); }
  // The highest stream sequence the feed knows of (from message metadata and consumer checks).
  uint64_t last_known() const { return last_known_.load(std::memory_order_acquire); }
  // Consumers created after the first.
  uint64_t restarts() const { return restarts_.load(std::memory_order_relaxed); }

 private:
  void Run();
  bool Subscribe();
  void Unsubscribe();
  void Receive(MsgPtr msg);
  void CheckHealth(absl::Time now);
  void NoteKnown(uint64_t seq);
  // Sleeps up to `d`, returning early when stopping.
  void Pause(absl::Duration d);

  const NatsConnection& connection_;
  const PushFeedConfig config_;
  const OnMessage on_message_;
  const OnGap on_gap_;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> last_delivered_;
  std::atomic<uint64_t> last_known_;
  std::atomic<uint64_t> restarts_{0};
  std::thread thread_;

  // Used by the feed's thread only.
  SubscriptionPtr subscription_;
  uint64_t subscriptions_made_ = 0;
  uint64_t next_consumer_seq_ = 1;  // expected from the current consumer
  absl::Time last_activity_;
  absl::Time last_check_;
};

}  // namespace beacon::jetstream::internal
