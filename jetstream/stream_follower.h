#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "jetstream/jetstream_client.h"
#include "jetstream/stream_message.h"

namespace beacon::jetstream {

namespace internal {
class PushFeed;
}  // namespace internal

// Follows the event stream live: every stored message with a sequence above the starting one
// goes to `on_message` exactly once, in strict sequence order, for as long as the follower runs,
// through reconnects, server restarts and leader changes. Meant to be one per process (the core
// fans each event out to its own subscribers).
//
// How exactly-once is kept: one push consumer (acks off, flow control, 1 s heartbeats) delivers
// the messages; the follower remembers the last sequence it delivered and drops anything at or
// below it. Whenever the consumer fails — its consumer sequence jumps (messages lost between
// server and client, e.g. across a reconnect), heartbeats show a mismatch, the client dropped
// messages, the consumer disappeared (its server died, the leader moved) or stalled — the
// follower replaces it with a new one starting right after the last delivered sequence. cnats'
// own "ordered consumer" is not used: in cnats 3.4.1 it restarts from sequence 1 when it resets
// before its first message.
//
// Sequences the stream no longer holds when the follower gets to them (removed by its limits
// while the follower lagged or was away) are reported to `on_gap` (first, last), and following
// continues with the next kept message.
//
// Threads: callbacks run on the follower's private thread, one at a time; they must not block
// for long (the server holds further messages meanwhile) and must not destroy the follower.
// The accessors may be called from any thread. Lifetime: `client` must outlive the follower;
// the destructor stops it (joins its thread).
class StreamFollower {
 public:
  using OnMessage = std::function<void(StreamMessage message)>;
  using OnGap = std::function<void(uint64_t first_missing, uint64_t last_missing)>;

  // Starts at once; delivers messages with seq > `after_seq`. A consumer that cannot be created
  // yet (no leader) is retried with back-off, so this cannot fail.
  StreamFollower(JetStreamClient& client, uint64_t after_seq, OnMessage on_message,
                 OnGap on_gap = nullptr);
  ~StreamFollower();
  StreamFollower(const StreamFollower&) = delete;
  StreamFollower& operator=(const StreamFollower&) = delete;

  void Stop();

  // The sequence of the last message delivered (or skipped, see below); the starting sequence
  // before the first.
  uint64_t last_delivered() const;
  // The highest stream sequence the follower knows to exist (for lag: last_known() -
  // last_delivered()).
  uint64_t last_known() const;
  // Consumers replaced after failures.
  uint64_t restarts() const;
  // Messages skipped because their subject is not an event subject (not published by this
  // library); they are not given to on_message.
  uint64_t foreign_messages() const;

 private:
  const JetStreamOptions& options_;
  std::atomic<uint64_t> foreign_messages_{0};
  std::unique_ptr<internal::PushFeed> feed_;
};

}  // namespace beacon::jetstream
